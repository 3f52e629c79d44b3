import dev.tanken.bench.BenchCaches;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.PostId;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import java.util.function.Consumer;

/**
 * CPU per cold read through the cache tier, by who spends it: the reading thread, the tier's fill
 * thread, each other thread of the JVM (by /proc task name: JIT compilers, GC), the Redis server,
 * the PostgreSQL backends serving this JVM (found with ss); besides, Redis reads (requests
 * received, i.e. round trips) per read, bytes allocated per read, and wall p0/p10/p50. Each round
 * reads N distinct posts (shuffled; the cache namespace is emptied first), so every tier read is a
 * first read. Kinds: direct (PostgreSQL findPost), tier (cold findPost), tierhot (the same posts
 * again), lookup (the cache's lookup alone).
 *
 * <pre>
 * redis-server --port 6541 --save '' --appendonly no --daemonize yes --pidfile /tmp/r6541.pid
 * java -cp tanken-bench/target/tanken-bench.jar scripts/ColdReadCpu.java 'redis://127.0.0.1:6541?prefix=cr' \
 *   'postgresql://postgres@127.0.0.1:5432/test?schema=tanken_bench_100000' 100000 5000 $(cat /tmp/r6541.pid) 6 direct,tier
 * </pre>
 * Read the last rounds (the first ones pay for the JIT). Figures are per read.
 */
public class ColdReadCpu {
    static ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    static long ticks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    static long threadCpu(String name) {
        long sum = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(name)) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    static long allThreadsCpu() {
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            sum += Math.max(0, mx.getThreadCpuTime(id));
        }
        return sum;
    }

    /** PostgreSQL backends connected to this JVM, found with ss. */
    static List<Long> backends() throws Exception {
        long me = ProcessHandle.current().pid();
        Set<String> myPorts = new HashSet<>();
        Map<String, Long> byPeer = new HashMap<>();
        Process p = new ProcessBuilder("ss", "-tnpH", "state", "established").start();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) continue;
            String local = f[2], peer = f[3], proc = f.length > 4 ? f[4] : "";
            if (peer.endsWith(":5432") && proc.contains("pid=" + me + ",")) {
                myPorts.add(local.substring(local.lastIndexOf(':') + 1));
            }
            if (local.endsWith(":5432")) {
                int i = proc.indexOf("pid=");
                if (i >= 0) {
                    long pid = Long.parseLong(proc.substring(i + 4, proc.indexOf(',', i)));
                    byPeer.put(peer.substring(peer.lastIndexOf(':') + 1), pid);
                }
            }
        }
        List<Long> out = new ArrayList<>();
        for (String port : myPorts) {
            if (byPeer.containsKey(port)) out.add(byPeer.get(port));
        }
        return out;
    }

    static Map<String, Long> tasks() {
        Map<String, Long> m = new TreeMap<>();
        try (var st = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) st::iterator) {
                try {
                    String s = Files.readString(t.resolve("stat"));
                    String name = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    m.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (Exception e) {
                }
            }
        } catch (Exception e) {
        }
        return m;
    }

    static long alloc(String name) {
        long sum = 0;
        var smx = (com.sun.management.ThreadMXBean) mx;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(name)) {
                sum += smx.getThreadAllocatedBytes(t.getThreadId());
            }
        }
        return sum;
    }

    static String redisPort = "6379";
    static long redisReads() {
        try {
            Process p = new ProcessBuilder("redis-cli", "-p", redisPort, "info", "stats").start();
            for (String l : new String(p.getInputStream().readAllBytes()).split("\r?\n")) {
                if (l.startsWith("total_reads_processed:")) return Long.parseLong(l.substring(22).trim());
            }
        } catch (Exception e) {
        }
        return 0;
    }

    static long sumTicks(List<Long> pids) {
        long s = 0;
        for (long p : pids) s += ticks(p);
        return s;
    }

    static void run(String name, List<PostId> ids, int n, long redisPid, Consumer<PostId> op) throws Exception {
        long[] wall = new long[n];
        List<Long> pg = backends();
        long me = ProcessHandle.current().pid();
        long cpu0 = mx.getCurrentThreadCpuTime(), fill0 = threadCpu("tanken-cache-fill"), all0 = allThreadsCpu();
        long r0 = ticks(redisPid), j0 = ticks(me), pg0 = sumTicks(pg);
        Map<String, Long> t0 = tasks();
        long rr0 = redisReads();
        var smx = (com.sun.management.ThreadMXBean) mx;
        long a0 = smx.getCurrentThreadAllocatedBytes(), fa0 = alloc("tanken-cache-fill");
        for (int i = 0; i < n; i++) {
            PostId id = ids.get(i);
            long t = System.nanoTime();
            op.accept(id);
            wall[i] = System.nanoTime() - t;
        }
        long cpu = mx.getCurrentThreadCpuTime() - cpu0, fill = threadCpu("tanken-cache-fill") - fill0;
        long all = allThreadsCpu() - all0;
        long r = ticks(redisPid) - r0, j = ticks(me) - j0, pgt = sumTicks(pg) - pg0;
        long a = smx.getCurrentThreadAllocatedBytes() - a0, fa = alloc("tanken-cache-fill") - fa0;
        Map<String, Long> t1 = tasks();
        long rr = redisReads() - rr0;
        StringBuilder sb = new StringBuilder();
        t1.forEach((k, v) -> {
            long d = v - t0.getOrDefault(k, 0L);
            if (d > 0) sb.append(String.format(" %s=%.1f", k, d * 10000.0 / n));
        });
        System.out.printf("    redis reads/op %.2f alloc B/op: caller %d, fill %d | task CPU us/op:%s%n", (double) rr / n, a / n, fa / n, sb);
        Arrays.sort(wall);
        System.out.printf("%-26s n=%d p0=%.1f p10=%.1f p50=%.1f us | CPU us/op: caller %.1f, fill %.1f, other threads %.1f, JVM(proc) %.1f, redis %.1f, pg(%d) %.1f%n",
                name, n, wall[0] / 1e3, wall[n / 10] / 1e3, wall[n / 2] / 1e3, cpu / 1e3 / n, fill / 1e3 / n,
                (all - cpu - fill) / 1e3 / n, j * 10000.0 / n, r * 10000.0 / n, pg.size(), pgt * 10000.0 / n);
    }

    public static void main(String[] a) throws Exception {
        String redis = a[0], pg = a[1];
        int posts = Integer.parseInt(a[2]), n = Integer.parseInt(a[3]);
        long redisPid = Long.parseLong(a[4]);
        int rounds = Integer.parseInt(a[5]);
        String which = a.length > 6 ? a[6] : "direct,tier";
        redisPort = String.valueOf(java.net.URI.create(redis).getPort());
        List<PostId> all = new ArrayList<>(BenchCaches.syntheticIds(posts));
        DatabaseService db = DatabaseServices.open(pg);
        PostCacheService cache = CacheServices.open(redis);
        CachingDatabaseService tier = CachingDatabaseService.using(db, cache,
                CacheTierOptions.DEFAULTS.withFlusher(false, 500, Duration.ofMillis(200), Duration.ofSeconds(10)));
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(all, new Random(System.nanoTime()));
            List<PostId> ids = all.subList(0, n);
            cache.deleteNamespace();
            Thread.sleep(200);
            System.out.println("-- round " + round);
            for (String w : which.split(",")) {
                switch (w) {
                    case "direct" -> run("direct findPost", ids, n, redisPid, id -> db.findPost(id).orElseThrow());
                    case "tier" -> {
                        cache.deleteNamespace();
                        run("tier cold findPost", ids, n, redisPid, id -> tier.findPost(id).orElseThrow());
                    }
                    case "tierhot" -> run("tier hot findPost", ids, n, redisPid, id -> tier.findPost(id).orElseThrow());
                    case "lookup" -> {
                        cache.deleteNamespace();
                        run("lookup only", ids, n, redisPid,
                                id -> cache.getPostsOrLease(List.of(id), UUID.randomUUID().toString(), Duration.ofSeconds(1)));
                    }
                    default -> throw new IllegalArgumentException(w);
                }
                Thread.sleep(300);
            }
        }
        System.out.println("stats " + tier.stats());
        tier.close();
        System.exit(0);
    }
}
