package dev.tanken.cli.internal.bench;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.cache.BoundedPostCache;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.CacheStats;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.seed.SeedOptions;
import dev.tanken.seed.Seeder;
import dev.tanken.seed.SyntheticPosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link CacheWorkload} against every (policy, admission, capacity) combination, each in a
 * cache namespace of its own that starts empty and is deleted afterwards.
 */
public final class CacheExperiment {
    private static final int USERS = 100;

    private final DatabaseService db;
    private final String databaseUrl;
    private final String cacheUrl;
    private final CacheWorkload workload;

    public CacheExperiment(DatabaseService db, String databaseUrl, String cacheUrl, CacheWorkload workload) {
        this.db = db;
        this.databaseUrl = databaseUrl;
        this.cacheUrl = cacheUrl;
        this.workload = workload;
    }

    /** The experiment's posts, in popularity order (rank 0 first): seeded when the database lacks them. */
    public List<PostId> preparePosts(LongConsumer progress) {
        List<PostId> ids = new ArrayList<>(workload.keys());
        SyntheticPosts.generate(workload.keySeed(), workload.keys(), List.of(new UserRef(new UUID(0, 1), "x")), 10_000,
                batch -> batch.forEach(p -> ids.add(p.id())));
        boolean first = db.findPost(ids.get(0)).isPresent();
        boolean last = db.findPost(ids.get(ids.size() - 1)).isPresent();
        if (first != last) {
            throw new InvalidInputException("the database holds only part of the " + workload.keys()
                    + " benchmark posts of key seed " + workload.keySeed() + "; use another --key-seed");
        }
        if (!first) {
            Seeder.seed(db, databaseUrl, new SeedOptions(workload.keys(), USERS, workload.keySeed(), 1.0, 0, 0, 5000),
                    progress);
        }
        // Popularity is unrelated to place or time.
        Collections.shuffle(ids, new Random(workload.keySeed() + 5));
        return ids;
    }

    public List<UUID> likers() {
        List<UUID> users = new ArrayList<>(USERS);
        for (int i = 0; i < USERS; i++) {
            String name = "seed-" + i;
            users.add(db.findUserByName(name).orElseGet(() -> db.createUser(User.create(name, null))).id());
        }
        return users;
    }

    /** Runs every combination; {@code tick} receives progress in operations (or 100 ms steps for timed runs). */
    public List<CacheRunResult> run(List<PostId> ids, List<UUID> likers, LongConsumer tick) {
        ZipfSampler zipf = new ZipfSampler(ids.size(), workload.zipf());
        List<CacheRunResult> results = new ArrayList<>();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        int n = 0;
        for (String admission : workload.admissions()) {
            for (WritePolicy policy : workload.policies()) {
                for (int capacity : workload.capacities()) {
                    String url = withPrefixSuffix(cacheUrl, "bench-" + runId + "-" + n++);
                    results.add(runOne(url, policy, BoundedPostCache.Admission.parse(admission), capacity, ids, likers,
                            zipf, tick));
                }
            }
        }
        return results;
    }

    private CacheRunResult runOne(String url, WritePolicy policy, BoundedPostCache.Admission admission, int capacity,
            List<PostId> ids, List<UUID> likers, ZipfSampler zipf, LongConsumer tick) {
        PostCacheService raw = CacheServices.open(url);
        try {
            BoundedPostCache bounded = new BoundedPostCache(raw, capacity, admission);
            CacheTierOptions options = new CacheTierOptions(policy, workload.ttl(), Duration.ofMillis(500), 500,
                    Duration.ofMillis(100), Duration.ofSeconds(10), true, false, Duration.ofMinutes(5));
            try (CachingDatabaseService tier = CachingDatabaseService.using(db, bounded, options)) {
                boolean trace = workload.multiGet() == 1;
                java.util.BitSet readBefore = new java.util.BitSet(ids.size());
                if (workload.warmup() > 0) {
                    drive(tier, policy, ids, likers, zipf, workload.warmup(), null, new Histogram(3), l -> { },
                            new long[1], trace ? readBefore : null, capacity);
                    tier.flush();
                }
                java.util.BitSet measuredReads = new java.util.BitSet(ids.size());
                CacheStats before = tier.stats();
                long evictionsBefore = bounded.evictions();
                Histogram latency = new Histogram(60_000_000_000L, 3);
                long started = System.nanoTime();
                long[] lag = {0};
                Counts counts = drive(tier, policy, ids, likers, zipf, workload.operations(), workload.duration(),
                        latency, tick, lag, trace ? measuredReads : null, capacity);
                double seconds = (System.nanoTime() - started) / 1e9;
                long drainStart = System.nanoTime();
                tier.flush();
                long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
                CacheStats after = tier.stats();
                long ops = counts.reads + counts.writes;
                return new CacheRunResult(policy.label(), admission.label(), capacity,
                        (double) capacity / ids.size(), ops, counts.reads, counts.writes,
                        counts.reads * workload.multiGet(), after.hits() - before.hits(),
                        after.misses() - before.misses(), after.databaseRoundTrips() - before.databaseRoundTrips(),
                        bounded.evictions() - evictionsBefore, millis(latency.getValueAtPercentile(50)),
                        millis(latency.getValueAtPercentile(99)), millis(latency.getValueAtPercentile(99.9)),
                        millis(latency.getMaxValue()), ops / seconds, Math.max(lag[0], drainMillis), drainMillis,
                        trace ? counts.outsideTop + firstReads(readBefore, measuredReads, capacity) : -1);
            }
        } finally {
            try {
                raw.deleteNamespace();
            } finally {
                raw.close();
            }
        }
    }

    /**
     * The static optimum's posts (ranks below {@code capacity}) read in the measurement that the run
     * had not read before it: compulsory misses of a finite trace.
     */
    static long firstReads(java.util.BitSet readBefore, java.util.BitSet measuredReads, int capacity) {
        java.util.BitSet first = measuredReads.get(0, capacity);
        first.andNot(readBefore);
        return first.cardinality();
    }

    /**
     * {@code reads}: when not null, the popularity ranks of single-post reads are set in it; {@code top}:
     * the static optimum's size (reads of lower ranks are counted apart).
     */
    private Counts drive(CachingDatabaseService tier, WritePolicy policy, List<PostId> ids, List<UUID> likers,
            ZipfSampler zipf, long operations, Duration duration, Histogram total, LongConsumer tick, long[] maxLag,
            java.util.BitSet reads, int top) {
        AtomicLong remaining = new AtomicLong(operations > 0 ? operations : Long.MAX_VALUE);
        long deadline = operations > 0 ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(workload.threads(), r -> {
            Thread t = new Thread(r, "tanken-bench-client");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Counts>> futures = new ArrayList<>();
            for (int t = 0; t < workload.threads(); t++) {
                long seed = workload.keySeed() * 1000 + t + System.nanoTime();
                java.util.BitSet mine = reads == null ? null : new java.util.BitSet(ids.size());
                futures.add(pool.submit(() -> client(tier, policy, ids, likers, zipf, new Random(seed), remaining,
                        deadline, done, mine, top)));
            }
            long reported = 0;
            long startedMs = System.nanoTime() / 1_000_000;
            long ticksReported = 0;
            while (!futures.stream().allMatch(Future::isDone)) {
                Thread.sleep(100);
                if (policy == WritePolicy.WRITE_BACK) {
                    maxLag[0] = Math.max(maxLag[0], tier.stats().flushLag().toMillis());
                }
                if (operations > 0) {
                    long now = done.get();
                    tick.accept(now - reported);
                    reported = now;
                } else {
                    long ticks = (System.nanoTime() / 1_000_000 - startedMs) / 100;
                    tick.accept(ticks - ticksReported);
                    ticksReported = ticks;
                }
            }
            Counts sum = new Counts();
            for (Future<Counts> f : futures) {
                Counts c = f.get();
                sum.reads += c.reads;
                sum.writes += c.writes;
                sum.outsideTop += c.outsideTop;
                if (reads != null) {
                    reads.or(c.ranks);
                }
                total.add(c.latency);
            }
            if (operations > 0) {
                tick.accept(done.get() - reported);
            }
            return sum;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("cache benchmark interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("cache benchmark client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Counts client(CachingDatabaseService tier, WritePolicy policy, List<PostId> ids, List<UUID> likers,
            ZipfSampler zipf, Random random, AtomicLong remaining, long deadline, AtomicLong done,
            java.util.BitSet ranks, int top) {
        Counts counts = new Counts();
        counts.ranks = ranks;

        List<PostId> page = new ArrayList<>(workload.multiGet());
        while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
            boolean read = random.nextDouble() < workload.readRatio();
            long start = System.nanoTime();
            if (read) {
                if (workload.multiGet() == 1) {
                    int rank = zipf.next(random);
                    if (ranks != null) {
                        ranks.set(rank);
                    }
                    if (rank >= top) {
                        counts.outsideTop++;
                    }
                    tier.findPost(ids.get(rank));
                } else {
                    page.clear();
                    for (int i = 0; i < workload.multiGet(); i++) {
                        page.add(ids.get(zipf.next(random)));
                    }
                    tier.findPosts(page);
                }
                counts.reads++;
            } else {
                tier.apply(new Write.Like(ids.get(zipf.next(random)), likers.get(random.nextInt(likers.size()))), policy);
                counts.writes++;
            }
            counts.latency.recordValue(Math.min(System.nanoTime() - start, 60_000_000_000L));
            done.incrementAndGet();
        }
        return counts;
    }

    private static final class Counts {
        long reads;
        long writes;
        /** Single-post reads of posts outside the static optimum's. */
        long outsideTop;
        java.util.BitSet ranks;
        final Histogram latency = new Histogram(60_000_000_000L, 3);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The cache URL with {@code suffix} appended to its key prefix (default prefix "tanken"). */
    static String withPrefixSuffix(String url, String suffix) {
        int at = url.indexOf("prefix=");
        if (at < 0) {
            return url + (url.contains("?") ? "&" : "?") + "prefix=tanken-" + suffix;
        }
        int end = url.indexOf('&', at);
        end = end < 0 ? url.length() : end;
        return url.substring(0, end) + "-" + suffix + url.substring(end);
    }
}
