package dev.tanken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.model.Post;
import dev.tanken.redis.RedisActivityStream;
import dev.tanken.redis.RedisPostCacheService;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * With a Redis cache configured, activity entries are still written in the transaction of the
 * change they record: nothing travels through the cache server's activity stream, so nothing can be
 * lost between a commit and a publish. Entries an earlier version left in that stream are written to
 * the log by {@link PostCacheService#drainActivity} ({@code tanken cache flush}), claimed at once.
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
    void entriesAreWrittenWithTheirChangeAndNeverEnterTheStream() {
        TankenConfig config = TankenConfig.embedded(home).withCacheUrl(cacheUrl);
        Post post;
        try (Tanken tanken = Tanken.open(config)) {
            post = tanken.upload(TestPhotos.jpeg(35.68, 139.76, 1), UploadOptions.by("aiko")).post();
            assertThat(tanken.like("ben", post.id())).isTrue();
            assertThat(tanken.like("ben", post.id())).isFalse();
            // Already in the log, before close: written by the like's own transaction.
            assertThat(tanken.activity(ActivityQuery.newestFirst(50)).items()).extracting(ActivityEntry::action)
                    .containsExactly("post.like", "user.create", "post.create", "user.create");
        }
        try (PostCacheService cache = CacheServices.open(cacheUrl);
                RedisActivityStream stream = ((RedisPostCacheService) cache).activityStream()) {
            assertThat(stream.length()).isZero();
        }
    }

    @Test
    void entriesLeftInTheStreamByAnEarlierVersionAreDrainedAtOnce() {
        ActivityEntry left = ActivityEntry.now("aiko", "post.like", "post", "p1", ActivityEntry.newPayload().put("i", 1));
        ActivityEntry pending = ActivityEntry.now("aiko", "post.like", "post", "p2", ActivityEntry.newPayload().put("i", 2));
        try (Tanken tanken = Tanken.open(TankenConfig.embedded(home).withCacheUrl(cacheUrl))) {
            RedisPostCacheService cache = (RedisPostCacheService) tanken.cache().orElseThrow().cache();
            try (RedisActivityStream stream = cache.activityStream();
                    Jedis jedis = new Jedis(URI.create(cacheUrl).getHost(), URI.create(cacheUrl).getPort())) {
                stream.publish(pending);
                stream.ensureGroup();
                // A worker of the earlier version read it and was killed before acknowledging it.
                jedis.xreadGroup(RedisActivityStream.GROUP, "killed", XReadGroupParams.xReadGroupParams().count(1),
                        Map.of(stream.key(), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                stream.publish(left);
                assertThat(cache.drainActivity(tanken.activity())).isEqualTo(2);
                assertThat(stream.length()).isZero();
                assertThat(stream.pendingCount()).isZero();
            }
            List<ActivityEntry> entries = tanken.activity(ActivityQuery.newestFirst(10)).items();
            assertThat(entries).extracting(ActivityEntry::id).containsExactlyInAnyOrder(left.id(), pending.id());
            assertThat(cache.drainActivity(tanken.activity())).isZero();
        }
    }
}
