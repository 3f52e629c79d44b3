package dev.tanken.consistency;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DriftContract;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.testing.RedisTestNamespace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The drift cases through the cache tier (write-through, the shared Redis) in front of SQLite. */
class CachedDriftTest extends DriftContract {
    @TempDir
    Path dir;
    private String cacheUrl;

    @Override
    protected DatabaseService open(Clock clock) {
        cacheUrl = RedisTestNamespace.url();
        PostCacheService cache = CacheServices.open(cacheUrl);
        CacheTierOptions options = CacheTierOptions.DEFAULTS.withDefaultPolicy(WritePolicy.WRITE_THROUGH)
                .withFlusher(false, 50, Duration.ofMillis(20), Duration.ofSeconds(2));
        return CachingDatabaseService.owning(SqliteDatabaseService.open(dir.resolve("tanken.db"), clock), cache,
                options);
    }

    @AfterEach
    void deleteNamespace() {
        try (PostCacheService c = CacheServices.open(cacheUrl)) {
            c.deleteNamespace();
        }
    }
}
