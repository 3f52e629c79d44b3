package dev.tanken.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.testing.RedisTestNamespace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example against the embedded database and the real test Redis, under a key prefix of its own. */
class CacheTierWriteBackTest {
    @Test
    void writeBackLikesReachTheDatabaseExactlyAndInBatches(@TempDir Path dir) {
        String cacheUrl = RedisTestNamespace.url();
        try {
            CacheTierWriteBack.Result r = CacheTierWriteBack.run("sqlite:" + dir.resolve("tanken.db"), cacheUrl, 200);

            assertThat(r.post().likes()).isEqualTo(200);
            assertThat(r.post().bookmarks()).isEqualTo(20);
            // The post (1), the 20 bookmarks in one applyAll() and the write-through refresh of the
            // counters (2), the 200 write-back likes in one applyAll() at the flush (1): not the 221
            // calls of one write each.
            assertThat(r.databaseRoundTrips()).isEqualTo(4);
        } finally {
            try (PostCacheService cache = CacheServices.open(cacheUrl)) {
                cache.deleteNamespace();
            }
        }
    }
}
