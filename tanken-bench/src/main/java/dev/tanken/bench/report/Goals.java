package dev.tanken.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark goals computed from a suite's results: the first set (a to d),
 * <ol type="a">
 * <li>nearby, dense centre, the most posts measured: the cached path's p50 ≤ 0.25 ms, and ≥ 1.5× the
 *     best other backend (by p50, and by throughput when measured);</li>
 * <li>≤ 100 database round trips per 1000 post reads at Zipf 1.0 with a cache of 10% of the posts,
 *     single reads and pages of 20 ({@code tanken bench cache} runs with read ratio 1);</li>
 * <li>write-back ≥ 5× write-through and ≥ Redisson's write-behind map, client throughput, per operation;</li>
 * <li>EXIF extraction ≥ 3× exiftool: warm JVM (JMH, per file) and cold JVM (hyperfine, whole process),
 *     each against one exiftool process for the whole set.</li>
 * </ol>
 * and the read path's (e): the near cache's nearby p50 ≤ 0.05 ms and ≥ 3× the
 * Redis path's throughput, a hot single post read ≤ 0.01 ms, a cold read through the tier ≤ 1.2× a
 * direct PostgreSQL read, database round trips ≤ 1.05× the static optimum, SQLite nearby p50 ≤ 2 ms
 * and p99 ≤ 10 ms, PostgreSQL's nearby query alone ≤ 0.6 ms (also held against the whole statement,
 * which reads the page's full posts) and the library call ≤ 1 ms, and no
 * near-cache read superseded more than 10 ms earlier (whatever the topology, with the writer in
 * another process).
 * A goal whose results are missing is listed as not measured, never dropped.
 */
public final class Goals {
    static final String NEARBY = "NearbyBenchmark.nearby20";
    static final String WRITES = "WritePolicyBenchmark.write";
    static final String EXIF = "ExifBenchmark.perFile";
    static final double NEARBY_P50_MS = 0.25;
    static final double NEARBY_SPEEDUP = 1.5;
    static final double ROUND_TRIPS = 100;
    static final double WRITE_BACK_SPEEDUP = 5;
    static final double EXIF_SPEEDUP = 3;
    static final String READS = "PostReadsBenchmark.read";
    static final double NEAR_NEARBY_P50_MS = 0.05;
    static final double NEAR_THROUGHPUT = 3;
    static final double HOT_READ_P50_MS = 0.01;
    static final double COLD_READ_RATIO = 1.2;
    static final double OPTIMUM_RATIO = 1.05;
    static final double SQLITE_P50_MS = 2;
    static final double SQLITE_P99_MS = 10;
    static final double PG_QUERY_MS = 0.6;
    static final double PG_CALL_P50_MS = 1;

    private Goals() {
    }

    public static List<Goal> evaluate(SuiteResults results) {
        List<Goal> goals = new ArrayList<>();
        nearby(results, goals);
        roundTrips(results, goals);
        writes(results, goals);
        exif(results, goals);
        nearCache(results, goals);
        readCosts(results, goals);
        optimum(results, goals);
        embeddedAndPostgres(results, goals);
        coherence(results, goals);
        return goals;
    }

    private static void nearby(SuiteResults results, List<Goal> goals) {
        List<JmhRow> dense = results.jmh(NEARBY).stream().filter(r -> "dense".equals(r.param("area"))).toList();
        int posts = dense.stream().mapToInt(r -> Integer.parseInt(r.params().getOrDefault("posts", "0"))).max().orElse(0);
        List<JmhRow> rows = dense.stream().filter(r -> Integer.parseInt(r.params().getOrDefault("posts", "0")) == posts)
                .toList();
        String where = String.format(Locale.ROOT, "dense, %,d posts", posts);
        String p50Name = "Nearby: cached path p50 (" + where + ")";
        String vsName = "Nearby: cached path vs the best other backend, p50 (" + where + ")";
        Optional<JmhRow> cached = last(rows, "sample", "backend", "cached");
        if (cached.isEmpty()) {
            goals.add(Goal.notMeasured("a", "Nearby: cached path p50 (dense)", "≤ 0.25 ms",
                    "no NearbyBenchmark sample-mode result for backend=cached, area=dense"));
            goals.add(Goal.notMeasured("a", "Nearby: cached path vs the best other backend, p50 (dense)", "≥ 1.5×",
                    "no NearbyBenchmark sample-mode result for backend=cached, area=dense"));
            return;
        }
        double p50 = cached.get().p50Millis();
        goals.add(Goal.atMost("a", p50Name, p50, NEARBY_P50_MS, " ms", Fmt.num(p50) + " ms"));
        // The near cache is the cached path too: the goal compares the cache tier with the other kinds.
        Optional<JmhRow> best = rows.stream()
                .filter(r -> r.isSample() && !String.valueOf(r.param("backend")).startsWith("cached"))
                .min(Comparator.comparingDouble(JmhRow::p50Millis));
        if (best.isEmpty()) {
            goals.add(Goal.notMeasured("a", vsName, "≥ 1.5×", "no other backend measured in sample mode"));
        } else {
            double other = best.get().p50Millis();
            goals.add(Goal.atLeast("a", vsName, other / p50, NEARBY_SPEEDUP, String.format(Locale.ROOT,
                    "%s× (cached %s ms, best other %s %s ms)", Fmt.factor(other / p50), Fmt.num(p50),
                    best.get().param("backend"), Fmt.num(other))));
        }
        Optional<JmhRow> cachedThrpt = last(rows, "thrpt", "backend", "cached");
        Optional<JmhRow> bestThrpt = rows.stream().filter(r -> r.mode().equals("thrpt")
                && !String.valueOf(r.param("backend")).startsWith("cached")).max(Comparator.comparingDouble(JmhRow::opsPerSecond));
        if (cachedThrpt.isPresent() && bestThrpt.isPresent()) {
            double ratio = cachedThrpt.get().opsPerSecond() / bestThrpt.get().opsPerSecond();
            goals.add(Goal.atLeast("a", "Nearby: cached path vs the best other backend, throughput (" + where + ")",
                    ratio, NEARBY_SPEEDUP, String.format(Locale.ROOT, "%s× (cached %s ops/s, best other %s %s ops/s)",
                            Fmt.factor(ratio), Fmt.num(cachedThrpt.get().opsPerSecond()),
                            bestThrpt.get().param("backend"), Fmt.num(bestThrpt.get().opsPerSecond()))));
        }
    }

    private static void roundTrips(SuiteResults results, List<Goal> goals) {
        List<CacheBenchRow> rows = results.cache().stream()
                .filter(r -> r.zipf() == 1.0 && r.readRatio() == 1.0 && Math.abs(r.capacityShare() - 0.10) < 0.005)
                .toList();
        for (boolean single : new boolean[] {true, false}) {
            List<CacheBenchRow> kind = rows.stream().filter(r -> (r.multiGet() == 1) == single).toList();
            String reads = single ? "single reads" : "multi-get";
            if (kind.isEmpty()) {
                goals.add(Goal.notMeasured("b", "DB round trips per 1000 reads, Zipf 1.0, 10% cache, " + reads,
                        "≤ 100", "no `tanken bench cache` result with --zipf 1.0 --read-ratio 1 --capacity 10%"
                                + (single ? "" : " --multi-get N")));
                continue;
            }
            for (CacheBenchRow r : kind) {
                String name = String.format(Locale.ROOT, "DB round trips per 1000 reads, Zipf 1.0, 10%% cache, %s, %s"
                        + " (%,d posts)", single ? "single reads" : "pages of " + r.multiGet(), r.admission(), r.keys());
                String measured = String.format(Locale.ROOT, "%s (hit ratio %s%s)", Fmt.num(r.roundTripsPer1000PostReads()),
                        Fmt.num(r.hitRatio()), single && !Double.isNaN(r.idealHitRatio())
                                ? "; no cache this size can go under " + Fmt.num(r.idealRoundTripsPer1000Reads()) : "");
                goals.add(Goal.atMost("b", name, r.roundTripsPer1000PostReads(), ROUND_TRIPS, "", measured));
            }
        }
    }

    private static void writes(SuiteResults results, List<Goal> goals) {
        List<JmhRow> rows = results.jmh(WRITES).stream().filter(r -> r.mode().equals("thrpt")).toList();
        Set<String> ops = new LinkedHashSet<>();
        rows.forEach(r -> ops.add(r.param("op")));
        if (ops.isEmpty()) {
            goals.add(Goal.notMeasured("c", "Write-back vs write-through, client throughput", "≥ 5×",
                    "no WritePolicyBenchmark throughput result"));
            goals.add(Goal.notMeasured("c", "Write-back vs Redisson write-behind, client throughput", "≥ 1×",
                    "no WritePolicyBenchmark throughput result"));
            return;
        }
        for (String op : ops) {
            List<JmhRow> forOp = rows.stream().filter(r -> op.equals(r.param("op"))).toList();
            Optional<JmhRow> back = last(forOp, "thrpt", "policy", "write-back");
            Optional<JmhRow> through = last(forOp, "thrpt", "policy", "write-through");
            Optional<JmhRow> redisson = last(forOp, "thrpt", "policy", "redisson-write-behind");
            String vsThrough = "Write-back vs write-through, " + op + ", client throughput";
            if (back.isPresent() && through.isPresent()) {
                goals.add(ratio("c", vsThrough, back.get(), through.get(), WRITE_BACK_SPEEDUP, "write-back",
                        "write-through"));
            } else {
                goals.add(Goal.notMeasured("c", vsThrough, "≥ 5×", "needs both policies for op=" + op));
            }
            String vsRedisson = "Write-back vs Redisson write-behind, " + op + ", client throughput";
            if (back.isPresent() && redisson.isPresent()) {
                goals.add(ratio("c", vsRedisson, back.get(), redisson.get(), 1, "write-back", "Redisson"));
            } else {
                goals.add(Goal.notMeasured("c", vsRedisson, "≥ 1×", "needs write-back and redisson-write-behind"
                        + " for op=" + op));
            }
        }
    }

    private static Goal ratio(String goal, String name, JmhRow a, JmhRow b, double need, String aName, String bName) {
        double ratio = a.opsPerSecond() / b.opsPerSecond();
        return Goal.atLeast(goal, name, ratio, need, String.format(Locale.ROOT, "%s× (%s %s ops/s, %s %s ops/s)",
                Fmt.factor(ratio), aName, Fmt.num(a.opsPerSecond()), bName, Fmt.num(b.opsPerSecond())));
    }

    private static void exif(SuiteResults results, List<Goal> goals) {
        List<JmhRow> rows = results.jmh(EXIF).stream().filter(r -> Units.isTime(r.unit())).toList();
        Optional<JmhRow> tanken = rows.stream().filter(r -> "tanken".equals(r.param("impl"))).reduce((x, y) -> y);
        Optional<JmhRow> batch = rows.stream().filter(r -> "exiftool-batch".equals(r.param("impl")))
                .reduce((x, y) -> y);
        String warm = "EXIF: PhotoInspector in a warm JVM vs one exiftool process for the set, per file";
        if (tanken.isPresent() && batch.isPresent()) {
            double t = tanken.get().scoreMillis();
            double e = batch.get().scoreMillis();
            goals.add(Goal.atLeast("d", warm, e / t, EXIF_SPEEDUP, String.format(Locale.ROOT,
                    "%s× (Tanken %s ms, exiftool %s ms per file)", Fmt.factor(e / t), Fmt.num(t), Fmt.num(e))));
        } else {
            goals.add(Goal.notMeasured("d", warm, "≥ 3×", "needs ExifBenchmark impl=tanken and impl=exiftool-batch"));
        }
        Optional<HyperfineRow> cold = results.hyperfine().stream().filter(r -> r.command().contains("ExifCold"))
                .reduce((x, y) -> y);
        Optional<HyperfineRow> tool = results.hyperfine().stream().filter(r -> r.command().startsWith("exiftool"))
                .reduce((x, y) -> y);
        String coldName = "EXIF: a cold JVM (ExifCold) vs one exiftool process, whole set, process wall time";
        if (cold.isPresent() && tool.isPresent()) {
            double c = cold.get().mean() * 1000;
            double e = tool.get().mean() * 1000;
            goals.add(Goal.atLeast("d", coldName, e / c, EXIF_SPEEDUP, String.format(Locale.ROOT,
                    "%s× (Tanken %s ms, exiftool %s ms)", Fmt.factor(e / c), Fmt.num(c), Fmt.num(e))));
        } else {
            goals.add(Goal.notMeasured("d", coldName, "≥ 3×", "needs hyperfine results of ExifCold and exiftool"));
        }
    }

    /** The dense rows of the largest dataset measured, and how to name it. */
    private static List<JmhRow> denseNearby(SuiteResults results) {
        List<JmhRow> dense = results.jmh(NEARBY).stream().filter(r -> "dense".equals(r.param("area"))).toList();
        int posts = dense.stream().mapToInt(Goals::posts).max().orElse(0);
        return dense.stream().filter(r -> posts(r) == posts).toList();
    }

    private static int posts(JmhRow r) {
        return Integer.parseInt(r.params().getOrDefault("posts", "0"));
    }

    private static String dense(List<JmhRow> rows) {
        return rows.isEmpty() ? "dense" : String.format(Locale.ROOT, "dense, %,d posts", posts(rows.get(0)));
    }

    private static void nearCache(SuiteResults results, List<Goal> goals) {
        List<JmhRow> rows = denseNearby(results);
        String where = dense(rows);
        Optional<JmhRow> near = last(rows, "sample", "backend", "cached-near");
        String p50Name = "Nearby through the near cache, an area this process read: p50 (" + where + ")";
        if (near.isEmpty()) {
            goals.add(Goal.notMeasured("e", p50Name, "≤ 0.050 ms", "no NearbyBenchmark sample-mode result for"
                    + " backend=cached-near, area=dense"));
        } else {
            double p50 = near.get().p50Millis();
            goals.add(Goal.atMost("e", p50Name, p50, NEAR_NEARBY_P50_MS, " ms", Fmt.num(p50) + " ms"));
        }
        Optional<JmhRow> nearThrpt = last(rows, "thrpt", "backend", "cached-near");
        Optional<JmhRow> redisThrpt = last(rows, "thrpt", "backend", "cached");
        String vsName = "Nearby through the near cache vs through Redis, throughput (" + where + ")";
        if (nearThrpt.isPresent() && redisThrpt.isPresent()) {
            goals.add(ratio("e", vsName, nearThrpt.get(), redisThrpt.get(), NEAR_THROUGHPUT, "near cache", "Redis"));
        } else {
            goals.add(Goal.notMeasured("e", vsName, "≥ 3×", "needs NearbyBenchmark throughput results of"
                    + " backend=cached-near and backend=cached, area=dense"));
        }
    }

    private static Optional<JmhRow> read(SuiteResults results, String backend, String pattern) {
        return results.jmh(READS).stream().filter(r -> r.isSample() && backend.equals(r.param("backend"))
                && pattern.equals(r.param("pattern"))).reduce((x, y) -> y);
    }

    private static void readCosts(SuiteResults results, List<Goal> goals) {
        Optional<JmhRow> hot = read(results, "cached-near", "hot");
        String hotName = "Hot single post read through the near cache, p50";
        if (hot.isEmpty()) {
            goals.add(Goal.notMeasured("e", hotName, "≤ 0.010 ms", "no PostReadsBenchmark sample-mode result for"
                    + " backend=cached-near, pattern=hot"));
        } else {
            double p50 = hot.get().p50Millis();
            goals.add(Goal.atMost("e", hotName, p50, HOT_READ_P50_MS, " ms", Fmt.num(p50) + " ms"));
        }
        Optional<JmhRow> tier = read(results, "cached", "cold");
        Optional<JmhRow> direct = read(results, "postgresql", "cold");
        String coldName = "Cold single post read through the tier vs a direct PostgreSQL read, p50";
        if (tier.isPresent() && direct.isPresent()) {
            double t = tier.get().p50Millis();
            double d = direct.get().p50Millis();
            goals.add(Goal.atMost("e", coldName, t / d, COLD_READ_RATIO, "×", String.format(Locale.ROOT,
                    "%s× (tier %s ms, PostgreSQL %s ms)", Fmt.factor(t / d), Fmt.num(t), Fmt.num(d))));
        } else {
            goals.add(Goal.notMeasured("e", coldName, "≤ 1.2×", "needs PostReadsBenchmark sample-mode results of"
                    + " backend=cached and backend=postgresql, pattern=cold"));
        }
    }

    private static void optimum(SuiteResults results, List<Goal> goals) {
        List<CacheBenchRow> rows = results.cache().stream()
                .filter(r -> r.zipf() == 1.0 && r.readRatio() == 1.0 && r.multiGet() == 1
                        && Math.abs(r.capacityShare() - 0.10) < 0.005 && !Double.isNaN(r.idealHitRatio()))
                .toList();
        if (rows.isEmpty()) {
            goals.add(Goal.notMeasured("e", "DB round trips vs the static optimum, Zipf 1.0, 10% cache, single reads",
                    "≤ 1.05×", "no `tanken bench cache` single-read result with an ideal hit ratio"));
            return;
        }
        for (CacheBenchRow r : rows) {
            double ideal = r.idealRoundTripsPer1000Reads();
            double ratio = r.roundTripsPer1000PostReads() / ideal;
            goals.add(Goal.atMost("e", String.format(Locale.ROOT, "DB round trips vs the static optimum, Zipf 1.0,"
                    + " 10%% cache, single reads, %s (%,d posts)", r.admission(), r.keys()), ratio, OPTIMUM_RATIO, "×",
                    String.format(Locale.ROOT, "%s× (%s against %s per 1000 reads)", Fmt.factor(ratio),
                            Fmt.num(r.roundTripsPer1000PostReads()), Fmt.num(ideal))));
        }
    }

    private static void embeddedAndPostgres(SuiteResults results, List<Goal> goals) {
        List<JmhRow> rows = denseNearby(results);
        String where = dense(rows);
        Optional<JmhRow> sqlite = last(rows, "sample", "backend", "sqlite");
        if (sqlite.isEmpty()) {
            String why = "no NearbyBenchmark sample-mode result for backend=sqlite, area=dense";
            goals.add(Goal.notMeasured("e", "Nearby on SQLite, p50 (dense)", "≤ 2.00 ms", why));
            goals.add(Goal.notMeasured("e", "Nearby on SQLite, p99 (dense)", "≤ 10 ms", why));
        } else {
            double p50 = sqlite.get().p50Millis();
            double p99 = Units.toMillis(sqlite.get().p99(), sqlite.get().unit());
            goals.add(Goal.atMost("e", "Nearby on SQLite, p50 (" + where + ")", p50, SQLITE_P50_MS, " ms",
                    Fmt.num(p50) + " ms"));
            goals.add(Goal.atMost("e", "Nearby on SQLite, p99 (" + where + ")", p99, SQLITE_P99_MS, " ms",
                    Fmt.num(p99) + " ms"));
        }
        pgbenchGoal(results, goals, "mercator-ids", "PostgreSQL nearby query alone (KNN and exact page: 21 post ids"
                + " and distances), one client (pgbench), dense");
        pgbenchGoal(results, goals, "mercator", "PostgreSQL nearby statement with the 21 full posts, one client"
                + " (pgbench), dense");
        Optional<JmhRow> pg = last(rows, "sample", "backend", "postgresql");
        String callName = "PostgreSQL nearby, the library call, p50 (" + where + ")";
        if (pg.isEmpty()) {
            goals.add(Goal.notMeasured("e", callName, "≤ 1.00 ms", "no NearbyBenchmark sample-mode result for"
                    + " backend=postgresql, area=dense"));
        } else {
            double p50 = pg.get().p50Millis();
            goals.add(Goal.atMost("e", callName, p50, PG_CALL_P50_MS, " ms", Fmt.num(p50) + " ms"));
        }
    }

    /**
     * The goal of 0.6 ms for one of the service's nearby scripts at the dense centres, with the 3-D
     * {@code cube} statement's figure of the same part beside it.
     */
    private static void pgbenchGoal(SuiteResults results, List<Goal> goals, String query, String name) {
        Optional<PgbenchRow> row = pgbench(results, query);
        if (row.isEmpty()) {
            goals.add(Goal.notMeasured("e", name, "≤ 0.600 ms", "no pgbench result of " + query + ".sql, dense"));
            return;
        }
        double ms = row.get().latencyAverageMillis();
        String cube = pgbench(results, query.replace("mercator", "cube"))
                .map(c -> "; the cube statement: " + Fmt.num(c.latencyAverageMillis()) + " ms").orElse("");
        goals.add(Goal.atMost("e", name, ms, PG_QUERY_MS, " ms", Fmt.num(ms) + " ms (latency average" + cube + ")"));
    }

    private static Optional<PgbenchRow> pgbench(SuiteResults results, String query) {
        return results.pgbench().stream().filter(r -> r.query().equals(query) && r.area().equals("dense"))
                .reduce((x, y) -> y);
    }

    private static void coherence(SuiteResults results, List<Goal> goals) {
        for (String topology : List.of("redis", "redis-cluster")) {
            Optional<CoherenceRow> row = results.coherence().stream().filter(r -> r.topology().equals(topology))
                    .reduce((x, y) -> y);
            String name = "Near-cache reads superseded more than 10 ms earlier, writer in another process, "
                    + (topology.equals("redis") ? "one Redis server" : "Redis Cluster");
            if (row.isEmpty()) {
                goals.add(Goal.notMeasured("e", name, "0", "no NearCoherenceProbe result for " + topology));
                continue;
            }
            CoherenceRow r = row.get();
            String measured = String.format(Locale.ROOT, "%,d of %,d reads (%,d stale at all, worst %s ms; %,d writes)",
                    r.beyondBound(), r.reads(), r.staleReads(), Fmt.num(r.worstStalenessMillis()), r.writes());
            goals.add(r.beyondBound() == 0
                    ? new Goal("e", name, "0", measured, Goal.Status.MET, Double.POSITIVE_INFINITY)
                    : new Goal("e", name, "0", measured, Goal.Status.MISSED, Double.POSITIVE_INFINITY));
        }
    }

    private static Optional<JmhRow> last(List<JmhRow> rows, String mode, String param, String value) {
        return rows.stream().filter(r -> r.mode().equals(mode) && value.equals(r.param(param))).reduce((x, y) -> y);
    }
}
