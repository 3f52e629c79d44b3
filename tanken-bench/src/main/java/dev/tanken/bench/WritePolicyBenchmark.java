package dev.tanken.bench;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.db.Write;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.api.map.MapWriter;
import org.redisson.api.map.WriteMode;
import org.redisson.api.options.MapOptions;
import org.redisson.config.Config;
import java.util.HexFormat;
import java.util.List;
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
 * Writes per second through the cache tier under write-through and write-back (one client thread),
 * on PostgreSQL (schema {@code tanken_bench_writes}) and the bench Redis. At the end of each trial
 * the write-back queue is drained and the database round trips are counted: the trial prints the
 * writes per round trip and how long the backlog took to drain.
 *
 * <pre>java -Dtanken.bench.redis=redis://127.0.0.1:6390 -jar tanken-bench/target/tanken-bench.jar WritePolicyBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class WritePolicyBenchmark {
    /** {@code redisson-write-behind}: Redisson's write-behind map as the peer. */
    @Param({"write-through", "write-back", "redisson-write-behind"})
    public String policy;

    @Param({"create", "like"})
    public String op;

    private DatabaseService db;
    private PostCacheService cache;
    private CachingDatabaseService tier;
    private final Random random = new Random(3);
    private final HexFormat hex = HexFormat.of();
    private UserRef author;
    private List<Post> targets;
    private List<UserRef> likers;
    private long writes;
    private long setupTrips;
    private RedissonClient redisson;
    private RMap<String, Post> behind;
    private RMap<String, String> behindLikes;
    /**
     * Every like of a trial is a new (post, user) pair, so that every write reaches the database
     * once under every policy: Redisson's write-behind coalesces repeated keys within a batch.
     */
    private static final int LIKERS = 5000;
    private final AtomicLong behindWritten = new AtomicLong();
    private final AtomicLong behindTrips = new AtomicLong();

    @Setup(Level.Trial)
    public void open() {
        db = DatabaseServices.open(System.getProperty("tanken.bench.pg.writes",
                "postgresql://postgres@127.0.0.1:5432/test?schema=tanken_bench_writes"));
        author = db.createUser(User.create("w" + java.util.UUID.randomUUID().toString().substring(0, 18), null)).ref();
        targets = new ArrayList<>();
        likers = new ArrayList<>();
        if (op.equals("like")) {
            for (int i = 0; i < 200; i++) {
                Post p = newPost();
                db.createPost(p);
                targets.add(p);
            }
            for (int i = 0; i < LIKERS; i++) {
                likers.add(db.createUser(User.create("l" + java.util.UUID.randomUUID().toString().substring(0, 18), null)).ref());
            }
        }
        if (policy.equals("redisson-write-behind")) {
            openRedisson();
            return;
        }
        cache = CacheServices.open(System.getProperty("tanken.bench.redis", "redis://127.0.0.1:6379")
                + "?prefix=tanken-bench-writes");
        tier = CachingDatabaseService.owning(db, cache, CacheTierOptions.DEFAULTS
                .withDefaultPolicy(WritePolicy.parse(policy))
                .withFlusher(true, 500, Duration.ofMillis(100), Duration.ofSeconds(10))
                .withDrainTimeout(Duration.ofMinutes(5)));
        setupTrips = tier.stats().databaseRoundTrips();
    }

    /**
     * Redisson's write-behind map over the same database, with the tier flusher's batch size (500)
     * and delay (100 ms). Its writer applies each batch with one database call, as the flusher does:
     * {@code applyAll} of the creates, or of the likes (a like is the entry "post|user").
     */
    private void openRedisson() {
        Config config = new Config();
        config.useSingleServer().setAddress(System.getProperty("tanken.bench.redis", "redis://127.0.0.1:6379"));
        redisson = Redisson.create(config);
        if (op.equals("create")) {
            behind = redisson.getMap(MapOptions.<String, Post>name("tanken-bench-redisson:posts")
                    .codec(PostRedissonCodec.INSTANCE)
                    .writer(batchWriter(map -> db.applyAll(map.values().stream().<Write>map(Write.CreatePost::new).toList())))
                    .writeMode(WriteMode.WRITE_BEHIND).writeBehindBatchSize(500).writeBehindDelay(100));
        } else {
            behindLikes = redisson.getMap(MapOptions.<String, String>name("tanken-bench-redisson:likes")
                    .codec(StringCodec.INSTANCE)
                    .writer(batchWriter(map -> db.applyAll(map.keySet().stream().map(key -> {
                        int bar = key.indexOf('|');
                        return (Write) new Write.Like(PostId.parse(key.substring(0, bar)),
                                java.util.UUID.fromString(key.substring(bar + 1)));
                    }).toList())))
                    .writeMode(WriteMode.WRITE_BEHIND).writeBehindBatchSize(500).writeBehindDelay(100));
        }
    }

    private <V> MapWriter<String, V> batchWriter(java.util.function.Consumer<Map<String, V>> apply) {
        return new MapWriter<>() {
            @Override
            public void write(Map<String, V> map) {
                apply.accept(map);
                behindTrips.incrementAndGet();
                behindWritten.addAndGet(map.size());
            }

            @Override
            public void delete(Collection<String> keys) {
                throw new UnsupportedOperationException("the benchmark never deletes");
            }
        };
    }

    private void closeRedisson() {
        long backlog = writes - behindWritten.get();
        long started = System.nanoTime();
        while (behindWritten.get() < writes && System.nanoTime() - started < TimeUnit.MINUTES.toNanos(5)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        double drain = (System.nanoTime() - started) / 1e9;
        System.out.printf("%n%s %s: %,d writes, %,d database round trips (%.2f writes per round trip); backlog at"
                + " the end %,d entries, drained in %.1f s (%,d applied)%n", policy, op, writes, behindTrips.get(),
                (double) writes / Math.max(1, behindTrips.get()), backlog, drain, behindWritten.get());
        (behind != null ? behind : behindLikes).delete();
        redisson.shutdown();
        db.close();
    }

    private Post newPost() {
        byte[] sha = new byte[32];
        random.nextBytes(sha);
        String h = hex.formatHex(sha);
        return Post.create(author, "", new PictureRef(h, "image/jpeg", h, 10, 10),
                GeoPoint.of(-33.87 + random.nextGaussian() * 0.05, 151.21 + random.nextGaussian() * 0.05), null,
                List.of());
    }

    @Benchmark
    public void write() {
        if (behind != null) {
            Post p = newPost();
            behind.fastPut(p.id().toString(), p);
        } else if (op.equals("create")) {
            tier.createPost(newPost());
        } else {
            if (writes >= (long) targets.size() * likers.size()) {
                throw new IllegalStateException("out of new (post, user) pairs: raise LIKERS");
            }
            PostId post = targets.get((int) (writes % targets.size())).id();
            java.util.UUID user = likers.get((int) (writes / targets.size())).id();
            if (behindLikes != null) {
                behindLikes.fastPut(post + "|" + user, "1");
            } else {
                tier.like(post, user);
            }
        }
        writes++;
    }

    @TearDown(Level.Trial)
    public void close() {
        if (redisson != null) {
            closeRedisson();
            return;
        }
        long backlog = tier.stats().writeBackQueueLength();
        long started = System.nanoTime();
        tier.flush();
        double drain = (System.nanoTime() - started) / 1e9;
        long trips = tier.stats().databaseRoundTrips() - setupTrips;
        System.out.printf("%n%s %s: %,d writes, %,d database round trips (%.2f writes per round trip); backlog at"
                + " the end %,d entries, drained in %.1f s%n", policy, op, writes, trips, (double) writes / trips,
                backlog, drain);
        tier.close();
        try (PostCacheService c = CacheServices.open(System.getProperty("tanken.bench.redis", "redis://127.0.0.1:6379")
                + "?prefix=tanken-bench-writes")) {
            c.deleteNamespace();
        }
    }
}
