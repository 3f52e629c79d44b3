package dev.tanken.consistency;

import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.DatabaseService;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.UserRef;
import dev.tanken.testing.ForwardingDatabaseService;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The process {@link WriteBackCrashTest} kills: it writes posts with write-back, prints each id once
 * the write is acknowledged, and flushes them in small batches. Every batch is held for a while
 * after the database committed it and before the flusher acknowledges it, so that a kill is likely
 * to land in the worst place: applied but not acknowledged.
 *
 * <p>Arguments: database URL, cache URL, author id, author name, number of posts.
 */
public final class WriteBackCrashChild {
    private WriteBackCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseService pg = PostgresDatabaseService.open(args[0]);
        DatabaseService slow = new ForwardingDatabaseService(pg) {
            @Override
            public List<Applied> applyAll(List<Write> writes) {
                List<Applied> applied = delegate.applyAll(writes);
                if (writes.stream().allMatch(w -> w instanceof Write.CreatePost)) {
                    System.out.println("COMMITTED " + writes.size());
                    System.out.flush();
                    pause(300);
                }
                return applied;
            }
        };
        PostCacheService cache = CacheServices.open(args[1]);
        UserRef author = new UserRef(UUID.fromString(args[2]), args[3]);
        int n = Integer.parseInt(args[4]);
        CacheTierOptions options = CacheTierOptions.DEFAULTS.withDefaultPolicy(WritePolicy.WRITE_BACK)
                .withFlusher(true, 10, Duration.ofMillis(20), Duration.ofSeconds(1));
        CachingDatabaseService tier = CachingDatabaseService.using(slow, cache, options);
        Random r = new Random();
        for (int i = 0; i < n; i++) {
            byte[] sha = new byte[32];
            r.nextBytes(sha);
            String hex = HexFormat.of().formatHex(sha);
            Post p = Post.create(author, "crash " + i, new PictureRef(hex, "image/jpeg", hex, 10, 10),
                    GeoPoint.of(43.06 + i * 1e-4, 141.35), null, List.of());
            tier.createPost(p);
            System.out.println("ACK " + p.id());
        }
        System.out.println("ALL-ACKED");
        System.out.flush();
        pause(600_000); // the parent kills this process
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
