import dev.tanken.bench.BenchCaches;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.PostId;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import java.util.function.Consumer;

/**
 * Per-operation wall time and CPU (this thread, this JVM, the Redis server) of the pieces of a cold
 * read through the cache tier, against the seeded PostgreSQL dataset of 1M posts.
 *
 * <pre>
 * java -cp tanken-bench/target/tanken-bench.jar scripts/MissCost.java 'redis://127.0.0.1:6501?prefix=coldread' \
 *   'postgresql://postgres@127.0.0.1:5432/test?schema=tanken_bench_1000000' 1000000 3000 $(pgrep -f 'redis-server .*:6501') [tier]
 * </pre>
 * With {@code tier}, only cold tier reads, and {@code redis-cli -p 6501 config resetstat} before the
 * measured round (read {@code info commandstats} afterwards).
 */
public class MissCost {
    static ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    static long procTicks(long pid) throws Exception {
        if (pid <= 0) return 0;
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
    static long selfTicks() throws Exception { return procTicks(ProcessHandle.current().pid()); }
    static void run(String name, List<PostId> ids, int n, long pauseNanos, long redisPid, Consumer<PostId> op) throws Exception {
        long[] wall = new long[n];
        long cpu0 = mx.getCurrentThreadCpuTime(), r0 = procTicks(redisPid), j0 = selfTicks();
        Random rnd = new Random(System.nanoTime());
        long busy = 0;
        for (int i = 0; i < n; i++) {
            PostId id = ids.get(rnd.nextInt(ids.size()));
            long t = System.nanoTime();
            op.accept(id);
            wall[i] = System.nanoTime() - t;
            busy += wall[i];
            if (pauseNanos > 0) java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
        }
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long r = procTicks(redisPid) - r0, j = selfTicks() - j0;
        Arrays.sort(wall);
        System.out.printf("%-34s n=%d p0=%.1f p10=%.1f p50=%.1f p90=%.1f us | caller CPU %.1f us/op | JVM CPU %.1f us/op | redis CPU %.1f us/op%n",
                name, n, wall[0] / 1e3, wall[n / 10] / 1e3, wall[n / 2] / 1e3, wall[n * 9 / 10] / 1e3, cpu / 1e3 / n,
                j * 10000.0 / n, r * 10000.0 / n);
    }
    public static void main(String[] a) throws Exception {
        String redis = a[0], pg = a[1];
        int seeded = Integer.parseInt(a[2]), n = Integer.parseInt(a[3]);
        long redisPid = Long.parseLong(a[4]);
        List<PostId> ids = BenchCaches.syntheticIds(1_000_000).subList(0, seeded);
        DatabaseService db = DatabaseServices.open(pg);
        PostCacheService cache = CacheServices.open(redis);
        CachingDatabaseService tier = CachingDatabaseService.using(db, cache,
                CacheTierOptions.DEFAULTS.withFlusher(false, 500, Duration.ofMillis(200), Duration.ofSeconds(10)));
        PostCacheService raw = cache;
        String order = a.length > 5 ? a[5] : "all";
        if (order.equals("tier")) {
            for (int k = 0; k < 2; k++) {
                raw.deleteNamespace();
                if (k == 1) {
                    new ProcessBuilder("redis-cli", "-p", "6501", "config", "resetstat").start().waitFor();
                }
                run("tier cold findPost, back to back", ids, n, 0, redisPid, id -> tier.findPost(id).orElseThrow());
            }
            Thread.sleep(500);
            tier.close();
            System.exit(0);
        }
        for (int round = 0; round < 2; round++) {
            System.out.println("-- round " + round + " (" + (round == 0 ? "warm-up" : "measured") + ")");
            run("direct PostgreSQL findPost", ids, n, 0, redisPid, id -> db.findPost(id).orElseThrow());
            run("Redis MGET d c (getPosts)", ids, n, 0, redisPid, id -> raw.getPosts(List.of(id)));
            run("Redis lookup (getPostsOrLease)", ids, n, 0, redisPid, id -> raw.getPostsOrLease(List.of(id), UUID.randomUUID().toString(), Duration.ofMillis(1)));
            raw.deleteNamespace();
            run("tier cold findPost, back to back", ids, n, 0, redisPid, id -> tier.findPost(id).orElseThrow());
            raw.deleteNamespace();
            run("tier cold findPost, 2 ms apart", ids, n, 2_000_000, redisPid, id -> tier.findPost(id).orElseThrow());
            raw.deleteNamespace();
            run("direct PostgreSQL, 2 ms apart", ids, n, 2_000_000, redisPid, id -> db.findPost(id).orElseThrow());
        }
        System.out.println("stats " + tier.stats());
        tier.close();
        System.exit(0);
    }
}
