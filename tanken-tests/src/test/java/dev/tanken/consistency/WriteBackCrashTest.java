package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.DatabaseService;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.testing.PostgresTestDatabase;
import dev.tanken.testing.RedisTestNamespace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * A write-back writer acknowledges N writes; its process is killed with SIGKILL while its flusher is
 * in the middle of the queue (a batch committed to the database but not acknowledged in Redis); a
 * flusher in this process takes over. Every write must reach the database exactly once.
 */
@Tag("slow")
class WriteBackCrashTest {
    private static final int N = 120;

    @Test
    void writesAcknowledgedByAKilledWriterReachTheDatabaseExactlyOnce() throws Exception {
        String cacheUrl = RedisTestNamespace.url();
        try (PostgresTestDatabase schema = PostgresTestDatabase.createMigrated();
                DatabaseService pg = PostgresDatabaseService.open(schema.url());
                PostCacheService cache = CacheServices.open(cacheUrl)) {
            UserRef author = pg.createUser(User.create("crash", null)).ref();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), WriteBackCrashChild.class.getName(), schema.url(),
                    cacheUrl, author.id().toString(), author.username(), Integer.toString(N))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Set<PostId> acked = new HashSet<>();
            int committedBatches = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                boolean allAcked = false;
                String line;
                // Kill once every write is acknowledged and the flusher has committed a batch or two,
                // while it holds the next batch between commit and acknowledgement.
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        acked.add(PostId.parse(line.substring(4)));
                    } else if (line.equals("ALL-ACKED")) {
                        allAcked = true;
                    } else if (line.startsWith("COMMITTED")) {
                        committedBatches++;
                    }
                    if (allAcked && committedBatches >= 2) {
                        break;
                    }
                }
                child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, no unlock
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(acked).hasSize(N);
            long inDatabase = pg.countPosts();
            assertThat(inDatabase).as("killed mid-queue").isGreaterThan(0).isLessThan(N);
            assertThat(cache.writeBackQueue().length()).isGreaterThan(0);

            CachingDatabaseService successor = CachingDatabaseService.using(pg, cache, CacheTierOptions.DEFAULTS
                    .withFlusher(false, 50, Duration.ofMillis(20), Duration.ofSeconds(1))
                    .withDrainTimeout(Duration.ofSeconds(30)));
            successor.flush(); // waits out the dead flusher's lock, then reclaims its entries
            successor.close();

            List<PostId> stored = new ArrayList<>();
            String cursor = null;
            do {
                var page = pg.postsByUser(author.id(), 1000, cursor);
                page.items().stream().map(Post::id).forEach(stored::add);
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(stored).hasSize(N).doesNotHaveDuplicates();
            assertThat(new HashSet<>(stored)).isEqualTo(acked);
            assertThat(cache.writeBackQueue().length()).isZero();
            assertThat(successor.stats().deadLetters()).isZero();
            cache.deleteNamespace();
        }
    }
}
