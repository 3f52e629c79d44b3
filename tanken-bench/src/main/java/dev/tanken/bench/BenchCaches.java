package dev.tanken.bench;

import dev.tanken.seed.SyntheticPosts;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.NearbyCandidate;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The cache side of the benchmarks. The Redis server comes from {@code -Dtanken.bench.redis}
 * (default {@code redis://127.0.0.1:6379}); run them against a server of their own: warming Tokyo
 * and the naive single-key index take a few hundred MB. Keys live under {@code tanken-bench}.
 */
public final class BenchCaches {
    public static final String PREFIX = "tanken-bench";
    /** Where the dense-area searches happen, and how far around it the cache is warmed. */
    public static final GeoPoint TOKYO = SyntheticPosts.CITIES.get(0).centre();
    public static final double WARM_RADIUS_METERS = 12_000;

    private BenchCaches() {
    }

    public static String url() {
        return System.getProperty("tanken.bench.redis", "redis://127.0.0.1:6379") + "?prefix=" + PREFIX;
    }

    /** A read-only cache tier over {@code db} (no flusher), with the Tokyo area warmed once. */
    public static CachingDatabaseService openWarmTier(DatabaseService db) {
        return openWarmTier(db, SyntheticPosts.CITIES.get(0), WARM_RADIUS_METERS);
    }

    /** A read-only cache tier over {@code db} (no flusher), with {@code radiusMeters} around the city warmed once. */
    public static CachingDatabaseService openWarmTier(DatabaseService db, SyntheticPosts.City city, double radiusMeters) {
        return openWarmTier(db, city, radiusMeters, 0);
    }

    /**
     * As {@link #openWarmTier(DatabaseService, SyntheticPosts.City, double)}, with a near cache of
     * {@code nearCache} posts (0: none), online before this returns.
     */
    public static CachingDatabaseService openWarmTier(DatabaseService db, SyntheticPosts.City city, double radiusMeters,
            int nearCache) {
        PostCacheService cache = CacheServices.open(url() + (nearCache > 0 ? "&nearCache=" + nearCache : ""));
        if (cache instanceof dev.tanken.cache.NearPostCache near) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!near.online()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the near cache's invalidation connection did not come up in 30 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
        CachingDatabaseService tier = CachingDatabaseService.using(db, cache,
                CacheTierOptions.DEFAULTS.withFlusher(false, 500, java.time.Duration.ofMillis(200),
                        java.time.Duration.ofSeconds(10)));
        GeoPoint centre = city.centre();
        boolean warm = true;
        for (double dLat : new double[] {-0.08, 0, 0.08}) {
            for (double dLon : new double[] {-0.08, 0, 0.08}) {
                GeoPoint p = GeoPoint.of(centre.latitude() + dLat, centre.longitude() + dLon);
                java.util.Optional<List<NearbyCandidate>> r = cache.nearby(p, 1000, 1, null, null);
                warm &= r.isPresent();
            }
        }
        if (!warm) {
            long started = System.nanoTime();
            long n = tier.warm(centre, radiusMeters);
            System.err.printf("warmed %,d posts around %s in %.0f s%n", n, city.name(),
                    (System.nanoTime() - started) / 1e9);
        }
        return tier;
    }

    /** The key of the naive index: every post in one GEO key. */
    public static String naiveKey() {
        return PREFIX + ":naive:geo";
    }

    /** A plain client of the bench server (for the naive index). */
    public static UnifiedJedis client() {
        String base = System.getProperty("tanken.bench.redis", "redis://127.0.0.1:6379");
        java.net.URI uri = java.net.URI.create(base);
        return RedisClient.create(uri.getHost(), uri.getPort());
    }

    /**
     * Fills the naive single-key index with the same synthetic posts the database holds, once (Redis
     * cannot index the few posts beyond ±85.05° latitude; they are far from the searches anyway).
     */
    public static void ensureNaiveIndex(UnifiedJedis jedis, int posts) {
        String done = PREFIX + ":naive:posts";
        if (Integer.toString(posts).equals(jedis.get(done))) {
            return;
        }
        jedis.del(naiveKey(), done);
        List<UserRef> users = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // Authors do not change ids or locations: the draws are the same whoever they are.
            users.add(User.create("bench" + i, null).ref());
        }
        long started = System.nanoTime();
        SyntheticPosts.generate(42, posts, users, 10_000, batch -> {
            Map<String, GeoCoordinate> members = new HashMap<>();
            for (Post p : batch) {
                if (Math.abs(p.location().latitude()) < 85.05) {
                    members.put(p.id().toString(),
                            new GeoCoordinate(p.location().longitude(), p.location().latitude()));
                }
            }
            jedis.geoadd(naiveKey(), members);
        });
        jedis.set(done, Integer.toString(posts));
        System.err.printf("naive index: %,d posts in one GEO key in %.0f s%n", jedis.zcard(naiveKey()),
                (System.nanoTime() - started) / 1e9);
    }

    /** The ids of the synthetic posts, in generation order (for workloads that pick posts). */
    public static List<PostId> syntheticIds(int posts) {
        List<UserRef> users = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            users.add(new UserRef(new UUID(0, i), "bench" + i));
        }
        List<PostId> ids = new ArrayList<>(posts);
        SyntheticPosts.generate(42, posts, users, 10_000, batch -> batch.forEach(p -> ids.add(p.id())));
        return ids;
    }
}
