package dev.tanken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.redis.RedisPostCacheService;
import dev.tanken.model.Post;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * With a Redis cache configured, {@link Tanken#open(TankenConfig)} carries activity entries through
 * the cache server's stream and a consumer-group worker writes them to the log; closing drains it.
 */
class TankenActivityStreamTest {
    @TempDir
    Path home;

    private final String cacheUrl = RedisTestNamespace.url();

    @AfterEach
    void dropNamespace() {
        try (PostCacheService cache = CacheServices.open(cacheUrl)) {
            cache.deleteNamespace();
        }
    }

    @Test
    void entriesTravelThroughTheStreamAndAllReachTheLogByClose() {
        TankenConfig config = TankenConfig.embedded(home).withCacheUrl(cacheUrl);
        Post post;
        try (Tanken tanken = Tanken.open(config)) {
            post = tanken.upload(TestPhotos.jpeg(35.68, 139.76, 1), UploadOptions.by("aiko")).post();
            tanken.like("ben", post.id());
            tanken.bookmark("ben", post.id());
        }

        try (PostCacheService cache = CacheServices.open(cacheUrl);
                var stream = ((RedisPostCacheService) cache).activityStream();
                Jedis jedis = new Jedis(URI.create(cacheUrl).getHost(), URI.create(cacheUrl).getPort())) {
            // Every entry passed through the stream (Redis counts what was ever added), and the worker
            // acknowledged and removed each one after writing it.
            Object added = jedis.xinfoStream(stream.key()).getStreamInfo().get("entries-added");
            assertThat((Long) added).isGreaterThanOrEqualTo(3);
            assertThat(stream.length()).isZero();
        }
        try (Tanken reopened = Tanken.open(TankenConfig.embedded(home))) {
            List<ActivityEntry> entries = reopened.activity(ActivityQuery.newestFirst(50)).items();
            assertThat(entries).extracting(ActivityEntry::action)
                    .contains("post.create", "post.like", "post.bookmark");
            assertThat(entries).extracting(ActivityEntry::id).doesNotHaveDuplicates();
        }
    }
}
