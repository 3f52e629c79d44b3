package dev.tanken.bench;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import redis.clients.jedis.RedisClient;

/**
 * Database round trips per 1000 post reads on a Zipf(1.0) workload over the synthetic posts, with a
 * Redis cache that holds about 10% of them (LRU eviction by a {@code maxmemory} sized from the
 * measured bytes per cached post). A count, not a time, so not a JMH benchmark.
 *
 * <p>It reconfigures and empties the Redis server it is given: give it a server of its own.
 *
 * <pre>java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.ZipfRoundTrips 127.0.0.1 6391 1000000</pre>
 */
public final class ZipfRoundTrips {
    private ZipfRoundTrips() {
    }

    public static void main(String[] args) {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int posts = Integer.parseInt(args[2]);
        double cacheShare = args.length > 3 ? Double.parseDouble(args[3]) : 0.10;
        int capacity = (int) (posts * cacheShare);
        List<PostId> ids = BenchCaches.syntheticIds(posts);
        Collections.shuffle(ids, new Random(5)); // popularity rank -> post, unrelated to place or time
        try (DatabaseService db = BenchDatabases.openSeeded("postgresql", posts);
                RedisClient admin = RedisClient.create(host, port);
                PostCacheService cache = CacheServices.open("redis://" + host + ":" + port + "?prefix=zipf")) {
            CachingDatabaseService tier = CachingDatabaseService.using(db, cache, CacheTierOptions.DEFAULTS
                    .withFlusher(false, 500, Duration.ofMillis(200), Duration.ofSeconds(10)));
            admin.configSet("maxmemory", "0");
            admin.flushAll();
            long base = usedMemory(admin);
            int sample = Math.min(20_000, capacity);
            for (int i = 0; i < sample; i += 1000) {
                tier.findPosts(ids.subList(i, i + 1000));
            }
            double perPost = (double) (usedMemory(admin) - base) / sample;
            admin.flushAll();
            long limit = base + (long) (perPost * capacity);
            admin.configSet("maxmemory", Long.toString(limit));
            admin.configSet("maxmemory-policy", "volatile-lru");
            admin.configSet("maxmemory-samples", "10");
            System.out.printf("cache: %.0f bytes per cached post; maxmemory %,d bytes holds about %,d posts (%.0f%%)%n",
                    perPost, limit, capacity, cacheShare * 100);

            Zipf zipf = new Zipf(posts, 1.0, new Random(9));
            int warmup = 5 * capacity;
            int measured = 200_000;
            for (int i = 0; i < warmup; i++) {
                tier.findPost(ids.get(zipf.next()));
            }
            long trips = tier.stats().databaseRoundTrips();
            long hits = tier.stats().hits();
            long started = System.nanoTime();
            for (int i = 0; i < measured; i++) {
                tier.findPost(ids.get(zipf.next()));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long roundTrips = tier.stats().databaseRoundTrips() - trips;
            long cached = admin.dbSize() / 2; // details and counters per post (versions appear only with writes)
            System.out.printf("Zipf(1.0) over %,d posts, %,d reads after %,d warm-up reads: %.1f database round trips"
                    + " per 1000 reads (hit ratio %.3f; %,d posts cached at the end; %.0f reads/s single thread)%n",
                    posts, measured, warmup, roundTrips * 1000.0 / measured,
                    (double) (tier.stats().hits() - hits) / measured, cached, measured / seconds);
            System.out.printf("for reference: no cache = 1000.0; a perfect cache of the %,d most popular posts ="
                    + " %.1f%n", capacity, 1000.0 * (1 - zipf.share(capacity)));
            admin.flushAll();
            admin.configSet("maxmemory", "0");
        }
    }

    private static long usedMemory(RedisClient admin) {
        for (String line : admin.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory in INFO");
    }

    /** Ranks 0..n-1 drawn with probability proportional to 1/(rank+1)^s, by inverting the CDF. */
    static final class Zipf {
        private final double[] cdf;
        private final Random random;

        Zipf(int n, double s, Random random) {
            this.random = random;
            cdf = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1 / Math.pow(i + 1, s);
                cdf[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= sum;
            }
        }

        int next() {
            int i = Arrays.binarySearch(cdf, random.nextDouble());
            return i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
        }

        /** Probability mass of the k most popular ranks. */
        double share(int k) {
            return cdf[k - 1];
        }
    }
}
