package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.CachedPost;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.db.Write;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.testing.PostgresTestDatabase;
import dev.tanken.testing.RedisServerProcess;
import dev.tanken.testing.RedisTestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A mixed read/write workload runs while a Redis server the test started is frozen (SIGSTOP: it
 * keeps its data, so every entry a write made stale is still there when it comes back) — a single
 * server, and one master of a three-master cluster. Every read must succeed with the database's
 * answer, every write-through and write-around write must commit, and once Redis is back a fresh
 * tier (another process, as far as the cache knows) must find 0 entries that differ from the
 * database: the invalidations Redis missed were journaled in the database and replayed before the
 * cache served again. The entries that were stale before the replay are counted too, so the test
 * shows it would catch a tier that forgot them.
 */
@Tag("slow")
class RedisOutageWorkloadTest {
    private static final GeoPoint KYOTO = GeoPoint.of(35.0116, 135.7681);
    /** Short bounds, so the outage costs seconds; the breaker probes every 200 ms. */
    private static final String BOUNDS = "&connectTimeoutMs=500&socketTimeoutMs=500&breakerOpenMs=200";

    @Test
    void aFrozenRedisServerCostsNoReadAndNoWrite() {
        try (RedisServerProcess redis = RedisServerProcess.start("outage-workload")) {
            Figures f = run(redis.url() + BOUNDS, redis::pause, redis::resume);
            report("standalone", f);
        }
    }

    @Test
    void aFrozenClusterMasterCostsNoReadAndNoWrite() {
        try (RedisTestCluster cluster = RedisTestCluster.start()) {
            RedisServerProcess master = cluster.node(1);
            Figures f = run(cluster.url() + BOUNDS, master::pause, master::resume);
            report("cluster", f);
        }
    }

    /** outageMillis is a figure for docs/reliability.md, never asserted: it depends on the machine's load. */
    record Figures(int operations, int duringOutage, long outageMillis, int failures, long cacheErrors, long journaled,
            int staleBeforeReplay, int staleAfter, int posts) {
    }

    private static void report(String what, Figures f) {
        // Recorded in docs/reliability.md.
        System.out.printf("outage figures (%s): %s%n", what, f);
        assertThat(f.failures()).as("operations that failed").isZero();
        assertThat(f.cacheErrors()).as("the outage was seen by the tier").isPositive();
        assertThat(f.journaled()).as("invalidations journaled in the database").isPositive();
        assertThat(f.staleBeforeReplay()).as("entries Redis held stale before the replay (the test can fail)")
                .isPositive();
        assertThat(f.staleAfter()).as("entries that differ from the database after the outage").isZero();
    }

    private static Figures run(String cacheUrl, Runnable outage, Runnable recovery) {
        try (PostgresTestDatabase schema = PostgresTestDatabase.createMigrated();
                DatabaseService pg = PostgresDatabaseService.open(schema.url());
                PostCacheService cache = CacheServices.open(cacheUrl)) {
            CacheTierOptions options = CacheTierOptions.DEFAULTS.withFlusher(false, 50, Duration.ofMillis(20),
                    Duration.ofSeconds(2)).withDrainTimeout(Duration.ofSeconds(5));
            CachingDatabaseService tier = CachingDatabaseService.using(pg, cache, options);
            Random r = new Random(12);
            List<UserRef> users = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                users.add(pg.createUser(User.create("walker" + i, null)).ref());
            }
            List<Post> posts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Post p = post(users.get(i % users.size()), near(r), r);
                tier.apply(new Write.CreatePost(p), WritePolicy.WRITE_THROUGH);
                posts.add(p);
            }
            tier.warm(KYOTO, 2_000);
            Workload w = new Workload(tier, pg, users, posts, r);
            w.run(150); // everything cached and served from Redis
            assertThat(tier.stats().cacheErrors()).isZero();
            // Every post is read once more, so the outage's writes have cached entries to make stale.
            tier.findPosts(posts.stream().map(Post::id).toList());

            outage.run();
            long errorsBefore = tier.stats().cacheErrors();
            long outageStart = System.nanoTime();
            w.run(300);
            long outageMillis = (System.nanoTime() - outageStart) / 1_000_000;
            int during = 300;
            long cacheErrors = tier.stats().cacheErrors() - errorsBefore;
            long journaled = tier.stats().journaledInvalidations();
            tier.close();

            recovery.run();
            // What Redis holds now, asked directly: the entries the outage's writes made stale.
            int staleBefore = awaitAnswer(() -> stale(cache, pg, posts));
            // Another tier on the same database and cache, as another process would open it: it
            // replays the journal before its first cache read.
            CachingDatabaseService next = CachingDatabaseService.using(pg, cache, options);
            Workload after = new Workload(next, pg, users, posts, r);
            after.run(150);
            int staleAfter = stale(cache, pg, posts);
            List<PostId> fromCache = next.nearby(KYOTO, 2_000, 100, null, null).items().stream()
                    .map(n -> n.post().id()).toList();
            assertThat(fromCache).as("nearby after the outage")
                    .containsExactlyElementsOf(pg.nearby(KYOTO, 2_000, 100, null).items().stream()
                            .map(n -> n.post().id()).toList());
            assertThat(pg.invalidationJournal().orElseThrow().pending(cache.namespace(), 10))
                    .as("journal after the replay").isEmpty();
            next.close();
            int failures = w.failures + after.failures;
            return new Figures(150 + during + 150 + 150, during, outageMillis, failures, cacheErrors, journaled, staleBefore,
                    staleAfter, posts.size());
        }
    }

    /** Redis may take a moment to answer after a SIGCONT (a cluster re-gossips its state). */
    private static int awaitAnswer(java.util.function.Supplier<Integer> ask) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return ask.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100); // waiting for a server process to come back; nothing to wait on
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Cached entries (asked of Redis directly) that differ from the database. */
    private static int stale(PostCacheService cache, DatabaseService pg, List<Post> posts) {
        List<PostId> ids = posts.stream().map(Post::id).toList();
        Map<PostId, Post> stored = pg.findPosts(ids).stream().collect(Collectors.toMap(Post::id, Function.identity()));
        int stale = 0;
        for (CachedPost c : cache.getPosts(ids)) {
            Post db = stored.get(c.id());
            boolean differs = switch (c.state()) {
                case HIT -> !c.post().equals(db);
                case DETAILS_ONLY -> db == null || !c.post().withCounts(0, 0, 0).equals(db.withCounts(0, 0, 0));
                case DELETED -> db != null;
                case MISS -> false;
            };
            stale += differs ? 1 : 0;
        }
        return stale;
    }

    /** Reads checked against the database, write-through and write-around writes checked to commit. */
    private static final class Workload {
        private final CachingDatabaseService tier;
        private final DatabaseService pg;
        private final List<UserRef> users;
        private final List<Post> posts;
        private final Random r;
        int failures;

        Workload(CachingDatabaseService tier, DatabaseService pg, List<UserRef> users, List<Post> posts, Random r) {
            this.tier = tier;
            this.pg = pg;
            this.users = users;
            this.posts = posts;
            this.r = r;
        }

        void run(int operations) {
            for (int i = 0; i < operations; i++) {
                try {
                    step();
                } catch (RuntimeException | AssertionError e) {
                    failures++;
                    System.out.println("operation failed: " + e);
                }
            }
        }

        private void step() {
            Post target = posts.get(r.nextInt(posts.size()));
            UserRef user = users.get(r.nextInt(users.size()));
            WritePolicy policy = r.nextBoolean() ? WritePolicy.WRITE_THROUGH : WritePolicy.WRITE_AROUND;
            switch (r.nextInt(8)) {
                case 0, 1 -> assertThat(tier.findPost(target.id())).isEqualTo(pg.findPost(target.id()));
                case 2 -> {
                    List<PostId> ids = List.of(target.id(), posts.get(r.nextInt(posts.size())).id());
                    assertThat(tier.findPosts(ids)).containsExactlyInAnyOrderElementsOf(pg.findPosts(ids));
                }
                case 3 -> {
                    List<NearbyPost> got = tier.nearby(KYOTO, 1_500, 20, null, null).items();
                    assertThat(got).extracting(n -> n.post().id()).containsExactlyElementsOf(
                            pg.nearby(KYOTO, 1_500, 20, null).items().stream().map(n -> n.post().id()).toList());
                }
                case 4 -> {
                    boolean like = r.nextBoolean();
                    long before = pg.findPost(target.id()).orElseThrow().likes();
                    boolean changed = tier.apply(like ? new Write.Like(target.id(), user.id())
                            : new Write.Unlike(target.id(), user.id()), policy).changed();
                    assertThat(pg.findPost(target.id()).orElseThrow().likes())
                            .isEqualTo(before + (changed ? (like ? 1 : -1) : 0));
                }
                case 5 -> {
                    List<String> tags = List.of("t" + r.nextInt(1000));
                    tier.apply(new Write.SetTags(target.id(), tags), policy);
                    assertThat(pg.findPost(target.id()).orElseThrow().tags()).isEqualTo(tags);
                }
                case 6 -> {
                    Comment c = Comment.create(target.id(), user, "seen " + r.nextInt());
                    tier.apply(new Write.AddComment(c), policy);
                    assertThat(pg.findComment(c.id())).isPresent();
                }
                default -> {
                    Post p = post(user, near(r), r);
                    tier.apply(new Write.CreatePost(p), policy);
                    assertThat(pg.findPost(p.id())).contains(p);
                    posts.add(p);
                }
            }
        }
    }

    private static GeoPoint near(Random r) {
        return GeoPoint.of(KYOTO.latitude() + r.nextGaussian() * 0.003, KYOTO.longitude() + r.nextGaussian() * 0.003);
    }

    private static Post post(UserRef u, GeoPoint where, Random r) {
        byte[] sha = new byte[32];
        r.nextBytes(sha);
        String hex = HexFormat.of().formatHex(sha);
        return Post.create(u, "", new PictureRef(hex, "image/jpeg", hex, 10, 10), where, null, List.of());
    }
}
