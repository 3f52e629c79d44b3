package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackUncertainException;
import dev.tanken.db.DatabaseService;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.testing.PostgresTestDatabase;
import dev.tanken.testing.RedisServerProcess;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * {@code waitReplicas}: a write-back write returns once a replica has it (Redis {@code WAIT}); when
 * no replica acknowledges in time the caller is told the outcome is uncertain, not that it failed.
 */
class WriteBackReplicationTest {
    private static final Random RANDOM = new Random();

    @Test
    void writeBackWaitsForAReplicaAndSaysSoWhenNoneAnswers() throws Exception {
        try (PostgresTestDatabase schema = PostgresTestDatabase.createMigrated();
                DatabaseService pg = PostgresDatabaseService.open(schema.url());
                RedisServerProcess primary = RedisServerProcess.start("wait-primary", "--repl-diskless-sync-delay", "0");
                RedisServerProcess replica = RedisServerProcess.start("wait-replica", "--replicaof", "127.0.0.1",
                        Integer.toString(primary.port()))) {
            awaitReplica(primary);
            String base = "redis://" + primary.hostPort() + "?prefix=wait&waitReplicas=1";
            CacheTierOptions options = CacheTierOptions.DEFAULTS.withDefaultPolicy(WritePolicy.WRITE_BACK)
                    .withFlusher(false, 50, Duration.ofMillis(20), Duration.ofSeconds(2));
            UserRef u = pg.createUser(User.create("waiter", null)).ref();
            try (PostCacheService cache = CacheServices.open(base + "&waitTimeoutMs=5000");
                    PostCacheService impatient = CacheServices.open(base + "&waitTimeoutMs=50")) {
                CachingDatabaseService tier = CachingDatabaseService.using(pg, cache, options);
                Post replicated = post(u);
                tier.createPost(replicated);
                assertThat(tier.stats().writeBackQueueLength()).isEqualTo(1);

                replica.stop();
                CachingDatabaseService alone = CachingDatabaseService.using(pg, impatient, options);
                Post unreplicated = post(u);
                assertThatThrownBy(() -> alone.createPost(unreplicated))
                        .isInstanceOf(WriteBackUncertainException.class)
                        .hasMessageContaining("0 of 1 replicas").hasMessageContaining("retrying the same write is safe");
                // The primary has it: shown at once, and applied by the flush.
                assertThat(alone.findPost(unreplicated.id())).contains(unreplicated);
                tier.flush();
                assertThat(pg.findPost(replicated.id())).contains(replicated);
                assertThat(pg.findPost(unreplicated.id())).contains(unreplicated);
                tier.close();
                alone.close();
            }
        }
    }

    private static void awaitReplica(RedisServerProcess primary) throws InterruptedException {
        try (RedisClient admin = RedisClient.create("127.0.0.1", primary.port())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!admin.info("replication").contains("state=online")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replica did not come online: " + admin.info("replication"));
                }
                Thread.sleep(20); // the replica's initial sync has no event to wait on
            }
        }
    }

    private static Post post(UserRef u) {
        byte[] sha = new byte[32];
        RANDOM.nextBytes(sha);
        String hex = HexFormat.of().formatHex(sha);
        return Post.create(u, "", new PictureRef(hex, "image/jpeg", hex, 10, 10), GeoPoint.of(26.2124, 127.6809),
                null, List.of());
    }
}
