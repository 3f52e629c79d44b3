package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.db.Write;
import dev.tanken.StorageException;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.testing.PostgresTestDatabase;
import dev.tanken.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * A Redis server of this test's own is stopped mid-run (never the shared one): reads keep being
 * served by the database, write-through keeps working, write-back refuses to pretend.
 */
@Tag("slow")
class RedisOutageTest {
    private static final GeoPoint NARA = GeoPoint.of(34.6851, 135.8048);

    @Test
    void readsAreServedFromTheDatabaseWhileRedisIsDown() throws InterruptedException {
        try (PostgresTestDatabase schema = PostgresTestDatabase.createMigrated();
                RedisServerProcess redis = RedisServerProcess.start("outage");
                DatabaseService pg = PostgresDatabaseService.open(schema.url());
                PostCacheService cache = CacheServices.open(redis.url() + "&breakerOpenMs=100")) {
            CacheTierOptions options = CacheTierOptions.DEFAULTS
                    .withFlusher(false, 50, Duration.ofMillis(20), Duration.ofSeconds(2))
                    .withDrainTimeout(Duration.ofSeconds(2));
            CachingDatabaseService tier = CachingDatabaseService.using(pg, cache, options);
            CachingDatabaseService lenient = CachingDatabaseService.using(pg, cache,
                    options.withWriteBackFallback(true));
            UserRef u = pg.createUser(User.create("nara", null)).ref();
            Random r = new Random(1);
            List<Post> posts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Post p = post(u, GeoPoint.of(NARA.latitude() + r.nextGaussian() * 0.002,
                        NARA.longitude() + r.nextGaussian() * 0.002), r);
                tier.apply(new Write.CreatePost(p), WritePolicy.WRITE_THROUGH);
                posts.add(p);
            }
            tier.warm(NARA, 1000);
            List<NearbyPost> before = tier.nearby(NARA, 500, 20, null).items();
            assertThat(tier.stats().nearbyFromCache()).isEqualTo(1);
            assertThat(tier.stats().cacheErrors()).isZero();

            redis.stop();

            assertThat(tier.findPost(posts.get(0).id())).contains(posts.get(0));
            assertThat(tier.findPosts(posts.stream().map(Post::id).toList())).containsExactlyElementsOf(posts);
            List<NearbyPost> during = tier.nearby(NARA, 500, 20, null).items();
            assertThat(during).extracting(n -> n.post().id())
                    .containsExactlyElementsOf(before.stream().map(n -> n.post().id()).toList());
            assertThat(tier.stats().nearbyFromDatabase()).isEqualTo(1);
            assertThat(tier.stats().cacheErrors()).isGreaterThanOrEqualTo(3);

            Post through = post(u, NARA, r);
            tier.apply(new Write.CreatePost(through), WritePolicy.WRITE_THROUGH);
            assertThat(pg.findPost(through.id())).contains(through);
            tier.apply(new Write.Like(through.id(), u.id()), WritePolicy.WRITE_THROUGH).changed();
            assertThat(tier.findPost(through.id()).orElseThrow().likes()).isEqualTo(1);

            Post back = post(u, NARA, r);
            assertThatThrownBy(() -> tier.apply(new Write.CreatePost(back), WritePolicy.WRITE_BACK))
                    .isInstanceOf(StorageException.class).hasMessageContaining("NOT recorded");
            assertThat(pg.findPost(back.id())).isEmpty();
            assertThatThrownBy(() -> tier.apply(new Write.SetTags(through.id(), List.of("x")), WritePolicy.WRITE_BACK))
                    .isInstanceOf(StorageException.class).hasMessageContaining("NOT recorded");

            lenient.apply(new Write.CreatePost(back), WritePolicy.WRITE_BACK); // asked to degrade to write-through
            assertThat(pg.findPost(back.id())).contains(back);
            assertThat(tier.stats().writeBackQueueLength()).isEqualTo(-1);

            // Back up, empty (no persistence): the tier serves from the cache again after refilling.
            redis.restart();
            assertThat(tier.findPost(through.id()).orElseThrow().likes()).isEqualTo(1);
            // The breaker lets a probe through within its open time (100 ms here); from then on, hits.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long hits = tier.stats().hits();
            while (tier.stats().hits() == hits && System.nanoTime() < deadline) {
                assertThat(tier.findPost(through.id()).orElseThrow().likes()).isEqualTo(1);
                Thread.sleep(20); // until the breaker's next probe; there is no event to wait on
            }
            assertThat(tier.stats().hits()).as("served from the cache again").isGreaterThan(hits);
            tier.close();
            lenient.close();
        }
    }

    private static Post post(UserRef u, GeoPoint where, Random r) {
        byte[] sha = new byte[32];
        r.nextBytes(sha);
        String hex = HexFormat.of().formatHex(sha);
        return Post.create(u, "", new PictureRef(hex, "image/jpeg", hex, 10, 10), where, null, List.of());
    }
}
