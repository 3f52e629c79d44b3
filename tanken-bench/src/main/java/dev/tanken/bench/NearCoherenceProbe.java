package dev.tanken.bench;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.NearPostCache;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;

/**
 * How stale can a near cache read be? A writer (its own cache client and connections) keeps
 * re-tagging {@code hot} posts of the seed-42 PostgreSQL dataset with a per-post sequence number
 * ("k1", "k2", ...) under write-through; reader threads read them through a tier with a near cache.
 * A read that started {@code t} after the write superseding the value it returned had completed is
 * {@code t} stale. Prints the worst staleness and how many reads were staler than the bound.
 *
 * <pre>java -Dtanken.bench.redis=redis://127.0.0.1:6397 -cp tanken-bench.jar dev.tanken.bench.NearCoherenceProbe
 *     [reads=1000000] [hot=100] [posts=100000] [readers=2] [boundMs=10]</pre>
 */
public final class NearCoherenceProbe {
    /** Versions recorded per post. */
    private static final int SLOTS = 4096;

    private NearCoherenceProbe() {
    }

    public static void main(String[] args) throws Exception {
        long reads = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int hot = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int posts = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int readers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        long boundNanos = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 10).toNanos();
        CacheTierOptions options = CacheTierOptions.DEFAULTS
                .withFlusher(false, 500, Duration.ofMillis(200), Duration.ofSeconds(10));
        List<PostId> ids = BenchCaches.syntheticIds(posts).subList(0, hot);
        try (DatabaseService db = BenchDatabases.openSeeded("postgresql", posts);
                PostCacheService writerCache = CacheServices.open(BenchCaches.url());
                PostCacheService readerCache = CacheServices.open(BenchCaches.url() + "&nearCache=10000");
                CachingDatabaseService writer = CachingDatabaseService.using(db, writerCache, options);
                CachingDatabaseService reader = CachingDatabaseService.using(db, readerCache, options)) {
            NearPostCache near = (NearPostCache) readerCache;
            while (!near.online()) {
                LockSupport.parkNanos(1_000_000);
            }
            // done[i * SLOTS + k]: when the write of version k of post i returned (0: not yet).
            AtomicLongArray done = new AtomicLongArray(hot * SLOTS);
            long[] version = new long[hot];
            for (int i = 0; i < hot; i++) {
                writer.apply(new Write.SetTags(ids.get(i), List.of("k0")), WritePolicy.WRITE_THROUGH);
            }
            AtomicLong remaining = new AtomicLong(reads);
            LongAccumulator worst = new LongAccumulator(Math::max, 0);
            AtomicLong beyond = new AtomicLong();
            AtomicLong stale = new AtomicLong();
            AtomicLong writes = new AtomicLong();
            Thread w = new Thread(() -> {
                while (remaining.get() > 0) {
                    int i = ThreadLocalRandom.current().nextInt(hot);
                    long k = ++version[i];
                    if (k >= SLOTS - 1) {
                        return; // the slots are full: enough writes for this run
                    }
                    writer.apply(new Write.SetTags(ids.get(i), List.of("k" + k)), WritePolicy.WRITE_THROUGH);
                    done.set((int) (i * SLOTS + k), System.nanoTime());
                    writes.incrementAndGet();
                }
            }, "probe-writer");
            w.start();
            Thread[] rs = new Thread[readers];
            long started = System.nanoTime();
            for (int r = 0; r < readers; r++) {
                rs[r] = new Thread(() -> {
                    while (remaining.getAndDecrement() > 0) {
                        int i = ThreadLocalRandom.current().nextInt(hot);
                        long t0 = System.nanoTime();
                        Post p = reader.findPost(ids.get(i)).orElseThrow();
                        long k = Long.parseLong(p.tags().get(0).substring(1));
                        if (k + 1 < SLOTS) {
                            long superseded = done.get((int) (i * SLOTS + k + 1));
                            if (superseded != 0 && superseded < t0) {
                                long delay = t0 - superseded;
                                stale.incrementAndGet();
                                worst.accumulate(delay);
                                if (delay > boundNanos) {
                                    beyond.incrementAndGet();
                                }
                            }
                        }
                    }
                }, "probe-reader-" + r);
                rs[r].start();
            }
            for (Thread r : rs) {
                r.join();
            }
            remaining.set(0);
            w.join();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("reads=%d writes=%d seconds=%.1f staleReads=%d worstStalenessMs=%.3f beyond%dms=%d"
                    + " near=%s%n", reads, writes.get(), seconds, stale.get(), worst.get() / 1e6,
                    boundNanos / 1_000_000, beyond.get(), near.stats());
        }
    }
}
