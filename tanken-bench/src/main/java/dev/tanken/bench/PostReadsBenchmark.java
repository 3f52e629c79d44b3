package dev.tanken.bench;

import dev.tanken.cache.CacheServices;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Post reads by id on the 1M synthetic posts: PostgreSQL alone against the cache tier over it.
 *
 * <ul>
 * <li>{@code hot}: one post at a time from a set of {@value #HOT} posts (read once in setup, so the
 *     tier holds them);</li>
 * <li>{@code cold}: one post at a time, each post at most once per trial (a random permutation of all
 *     posts), against a cache namespace emptied when the trial starts: every read is a first read
 *     (until the trial has read every post). Drawing with replacement made a tenth to a half of a
 *     100,000-post trial's reads hits, and a namespace left by the previous trial more;</li>
 * <li>{@code multiget20-hot}: 20 posts at a time from the hot set, one {@code findPosts};</li>
 * <li>{@code multiget20-cold}: 20 posts at a time, the next 20 of the same permutation as {@code cold}
 *     (each post at most once per trial, none twice in a call), against the emptied namespace: every
 *     read is a first read, as in {@code cold}. Drawn with replacement, later calls found some of
 *     their posts cached by earlier ones.</li>
 * </ul>
 * {@code cached-near} is the tier with a near cache ({@code nearCache=}{@value #NEAR_CACHE}) in
 * front of Redis.
 * The tier needs {@code -Dtanken.bench.redis=redis://host:port} of a server of the bench's own; it is
 * opened empty of other data (no area warming) with the flusher off, as reads need none, under a
 * prefix of its own ({@value #PREFIX}), so that emptying it leaves the other benchmarks' warmed areas.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class PostReadsBenchmark {
    static final int HOT = 1000;
    /** Posts the near cache may hold in {@code cached-near}: the hot set, and most of a cold run's draws. */
    static final int NEAR_CACHE = 100_000;
    static final String PREFIX = "tanken-bench-reads";

    @Param({"postgresql", "cached", "cached-near"})
    public String backend;

    @Param({"hot", "cold", "multiget20-hot", "multiget20-cold"})
    public String pattern;

    @Param({"1000000"})
    public int posts;

    private DatabaseService db;
    private CachingDatabaseService tier;
    private DatabaseService reader;
    private List<PostId> all;
    private List<PostId> hot;
    private List<PostId> coldOrder;
    private int nextCold;
    // Not a fixed seed: a fixed one replays the previous trial's draws, which that trial left cached, so
    // a "cold" trial would read a warm cache.
    private final Random random = new Random(System.nanoTime());

    @Setup(Level.Trial)
    public void open() {
        db = BenchDatabases.openSeeded("postgresql", posts);
        all = BenchCaches.syntheticIds(posts);
        List<PostId> shuffled = new ArrayList<>(all.subList(0, Math.min(all.size(), 50_000)));
        Collections.shuffle(shuffled, new Random(5));
        hot = List.copyOf(shuffled.subList(0, HOT));
        coldOrder = new ArrayList<>(all);
        Collections.shuffle(coldOrder, random);
        if (backend.startsWith("cached")) {
            boolean near = backend.equals("cached-near");
            dev.tanken.cache.PostCacheService cache = CacheServices.open(
                    System.getProperty("tanken.bench.redis", "redis://127.0.0.1:6379") + "?prefix=" + PREFIX
                            + (near ? "&nearCache=" + NEAR_CACHE : ""));
            if (pattern.endsWith("cold")) {
                cache.deleteNamespace();
            }
            if (near) {
                awaitOnline((dev.tanken.cache.NearPostCache) cache);
            }
            tier = CachingDatabaseService.using(db, cache,
                    CacheTierOptions.DEFAULTS.withFlusher(false, 500, Duration.ofMillis(200), Duration.ofSeconds(10)));
            reader = tier;
        } else {
            reader = db;
        }
        // Through the tier for the hot patterns (the tier then holds the hot set); a cold trial's
        // cache stays empty.
        if ((pattern.endsWith("cold") ? db : reader).findPosts(hot).size() != HOT) {
            throw new IllegalStateException("the hot set is not in the database: is it the seed-42 dataset?");
        }
    }

    private static void awaitOnline(dev.tanken.cache.NearPostCache near) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!near.online()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the near cache's invalidation connection did not come up in 30 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (tier != null) {
            System.err.println("cache stats: " + tier.stats());
            if (tier.cache() instanceof dev.tanken.cache.NearPostCache near) {
                System.err.println("near cache: " + near.stats());
            }
            tier.cache().close();
        }
        db.close();
    }

    private PostId pick(List<PostId> from) {
        return from.get(random.nextInt(from.size()));
    }

    @Benchmark
    public Object read() {
        return switch (pattern) {
            case "hot" -> one(pick(hot));
            case "cold" -> one(coldOrder.get(nextCold++ % coldOrder.size()));
            case "multiget20-hot" -> many(hot);
            case "multiget20-cold" -> manyCold();
            default -> throw new IllegalArgumentException("unknown pattern " + pattern);
        };
    }

    private Post one(PostId id) {
        Optional<Post> p = reader.findPost(id);
        return p.orElseThrow(() -> new IllegalStateException("post " + id + " missing"));
    }

    private List<Post> manyCold() {
        List<PostId> ids = new ArrayList<>(20);
        for (int i = 0; i < 20; i++) {
            ids.add(coldOrder.get(nextCold++ % coldOrder.size()));
        }
        return reader.findPosts(ids);
    }

    private List<Post> many(List<PostId> from) {
        List<PostId> ids = new ArrayList<>(20);
        for (int i = 0; i < 20; i++) {
            ids.add(pick(from));
        }
        return reader.findPosts(ids);
    }
}
