package dev.tanken.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The suite's {@code report.md}: goals first, then one table per benchmark, the steps and the environment. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    /** @param charts chart file names (relative to the report) by the benchmark they illustrate */
    public static String render(SuiteResults results, List<Goal> goals, Map<String, String> charts) {
        StringBuilder out = new StringBuilder("# Benchmark suite results\n\n");
        if (results.quick()) {
            out.append("> **QUICK mode** (smoke-test settings: one short iteration per trial, small workloads): these"
                    + " figures check that every step runs, they measure nothing.\n\n");
        }
        goals(out, goals);
        for (Map.Entry<String, List<JmhRow>> e : byBenchmark(results.jmh()).entrySet()) {
            jmh(out, e.getKey(), e.getValue(), results.notes());
            String chart = charts.get(e.getKey());
            if (chart != null) {
                out.append("\n![").append(e.getKey()).append("](").append(chart).append(")\n");
            }
            out.append('\n');
        }
        hyperfine(out, results.hyperfine());
        cache(out, results.cache());
        pgbench(out, results.pgbench());
        coherence(out, results.coherence());
        steps(out, results.steps());
        if (!results.ignored().isEmpty()) {
            out.append("Not read (unknown JSON): ").append(String.join(", ", results.ignored())).append("\n\n");
        }
        if (!results.environment().isBlank()) {
            out.append("## Environment\n\n```text\n").append(results.environment().strip()).append("\n```\n");
        }
        return out.toString();
    }

    private static void goals(StringBuilder out, List<Goal> goals) {
        out.append("## Goals\n\n");
        MarkdownTable t = new MarkdownTable(List.of("", "goal", "measured", "target", "verdict"));
        for (Goal g : goals) {
            String verdict = g.status() == Goal.Status.MISSED ? "**" + g.verdict() + "**" : g.verdict();
            t.row(List.of(g.goal(), g.name(), g.measured(), g.target(), verdict));
        }
        t.appendTo(out);
        long met = goals.stream().filter(g -> g.status() == Goal.Status.MET).count();
        long missed = goals.stream().filter(g -> g.status() == Goal.Status.MISSED).count();
        long absent = goals.size() - met - missed;
        out.append(String.format(Locale.ROOT, "%n%d met, %d missed, %d not measured.%n%n", met, missed, absent));
        out.append("In the JMH tables, score is the mean time per operation (modes sample and avgt) or the throughput"
                + " (thrpt); ± error is JMH's 99.9% confidence half-interval (— after a single iteration); p50/p90/p99"
                + " are over every sampled operation (sample mode only).\n\n");
    }

    private static Map<String, List<JmhRow>> byBenchmark(List<JmhRow> rows) {
        Map<String, List<JmhRow>> out = new LinkedHashMap<>();
        rows.forEach(r -> out.computeIfAbsent(r.benchmark(), k -> new ArrayList<>()).add(r));
        return out;
    }

    private static void jmh(StringBuilder out, String benchmark, List<JmhRow> rows, List<TrialNote> notes) {
        out.append("## ").append(benchmark).append(" (JMH)\n\n");
        Set<String> params = new LinkedHashSet<>();
        rows.forEach(r -> params.addAll(r.params().keySet()));
        boolean sample = rows.stream().anyMatch(JmhRow::isSample);
        boolean noted = rows.stream().anyMatch(r -> note(r, notes) != null);
        List<String> columns = new ArrayList<>(params);
        columns.addAll(List.of("mode", ">score", ">± error"));
        if (sample) {
            columns.addAll(List.of(">p50", ">p90", ">p99"));
        }
        columns.addAll(List.of("unit", "run"));
        if (noted) {
            columns.add("printed by the trial");
        }
        MarkdownTable t = new MarkdownTable(columns);
        List<JmhRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(JmhRow::mode).thenComparing(r -> key(r, params)));
        for (JmhRow r : sorted) {
            List<String> cells = new ArrayList<>();
            params.forEach(p -> cells.add(r.params().getOrDefault(p, "")));
            cells.addAll(List.of(r.mode(), Fmt.num(r.score()), Fmt.num(r.error())));
            if (sample) {
                cells.addAll(List.of(Fmt.num(r.p50()), Fmt.num(r.p90()), Fmt.num(r.p99())));
            }
            cells.addAll(List.of(r.unit(), r.run()));
            if (noted) {
                String n = note(r, notes);
                cells.add(n == null ? "" : n);
            }
            t.row(cells);
        }
        t.appendTo(out);
    }

    private static String key(JmhRow r, Set<String> params) {
        StringBuilder k = new StringBuilder();
        params.forEach(p -> k.append(r.params().getOrDefault(p, "")).append('\u0000'));
        return k.toString();
    }

    private static String note(JmhRow row, List<TrialNote> notes) {
        List<String> texts = notes.stream().filter(n -> n.describes(row)).map(TrialNote::text).toList();
        return texts.isEmpty() ? null : String.join("; ", texts);
    }

    private static void hyperfine(StringBuilder out, List<HyperfineRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("## Whole processes (hyperfine)\n\n");
        MarkdownTable t = new MarkdownTable(List.of("command", ">mean ms", ">± σ ms", ">median ms", ">min ms",
                ">max ms", ">runs", "run"));
        for (HyperfineRow r : rows) {
            t.row(List.of(r.command(), Fmt.num(r.mean() * 1000), Fmt.num(r.stddev() * 1000),
                    Fmt.num(r.median() * 1000), Fmt.num(r.min() * 1000), Fmt.num(r.max() * 1000),
                    Integer.toString(r.runs()), r.run()));
        }
        t.appendTo(out);
        out.append('\n');
    }

    private static void pgbench(StringBuilder out, List<PgbenchRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("## SQL queries alone (pgbench, one client)\n\n");
        MarkdownTable t = new MarkdownTable(List.of("query", ">latency average ms", ">tps", ">transactions", "run"));
        for (PgbenchRow r : rows) {
            t.row(List.of(r.name(), Fmt.num(r.latencyAverageMillis()), Fmt.num(r.tps()),
                    String.format(Locale.ROOT, "%,d", r.transactions()), r.run()));
        }
        t.appendTo(out);
        out.append('\n');
    }

    private static void coherence(StringBuilder out, List<CoherenceRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("## Near-cache coherence (NearCoherenceProbe, writer in another process)\n\n");
        MarkdownTable t = new MarkdownTable(List.of("topology", ">reads", ">writes", ">near hits", ">stale reads",
                ">worst staleness ms", ">bound ms", ">beyond the bound", "load", "run"));
        for (CoherenceRow r : rows) {
            t.row(List.of(r.topology(), String.format(Locale.ROOT, "%,d", r.reads()),
                    String.format(Locale.ROOT, "%,d", r.writes()), String.format(Locale.ROOT, "%,d", r.nearHits()),
                    String.format(Locale.ROOT, "%,d", r.staleReads()), Fmt.num(r.worstStalenessMillis()),
                    Fmt.num(r.boundMillis()), String.format(Locale.ROOT, "%,d", r.beyondBound()), r.load(), r.run()));
        }
        t.appendTo(out);
        out.append('\n');
    }

    private static void cache(StringBuilder out, List<CacheBenchRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("## `tanken bench cache`\n\n");
        Map<String, List<CacheBenchRow>> byRun = new LinkedHashMap<>();
        rows.forEach(r -> byRun.computeIfAbsent(r.run(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<CacheBenchRow>> e : byRun.entrySet()) {
            CacheBenchRow w = e.getValue().get(0);
            out.append(String.format(Locale.ROOT, "%s: Zipf %s over %,d posts, %s%% reads, %s.%n%n", e.getKey(),
                    Fmt.factor(w.zipf()), w.keys(), Fmt.factor(w.readRatio() * 100),
                    w.multiGet() == 1 ? "single reads" : "pages of " + w.multiGet()));
            MarkdownTable t = new MarkdownTable(List.of("policy", "admission", ">capacity", ">hit ratio",
                    ">ideal hit ratio", ">DB trips / 1000 post reads", ">DB trips / 1000 ops", ">p50 ms", ">p99 ms",
                    ">p99.9 ms", ">ops/s", ">write-back lag ms"));
            for (CacheBenchRow r : e.getValue()) {
                t.row(List.of(r.policy(), r.admission(), String.format(Locale.ROOT, "%,d (%s%%)", r.capacity(),
                        Fmt.factor(r.capacityShare() * 100)), Fmt.num(r.hitRatio()), Fmt.num(r.idealHitRatio()),
                        Fmt.num(r.roundTripsPer1000PostReads()), Fmt.num(r.roundTripsPer1000Ops()),
                        Fmt.num(r.p50Millis()), Fmt.num(r.p99Millis()), Fmt.num(r.p999Millis()),
                        Fmt.num(r.opsPerSecond()), r.policy().equals("write-back")
                                ? Long.toString(r.writeBackLagMillis()) : "—"));
            }
            t.appendTo(out);
            out.append('\n');
        }
    }

    private static void steps(StringBuilder out, List<Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        out.append("## Steps\n\n");
        MarkdownTable t = new MarkdownTable(List.of("step", ">elapsed", "load average before", "load average after"));
        double total = 0;
        double seeding = 0;
        for (Step s : steps) {
            t.row(List.of(s.name(), Fmt.seconds(s.seconds()), s.loadBefore(), s.loadAfter()));
            if (s.name().startsWith("seeding")) {
                seeding += s.seconds();
            } else {
                total += s.seconds();
            }
        }
        t.appendTo(out);
        out.append("\nTotal ").append(Fmt.seconds(total));
        if (seeding > 0) {
            out.append(", plus ").append(Fmt.seconds(seeding)).append(" of seeding");
        }
        out.append(".\n\n");
    }
}
