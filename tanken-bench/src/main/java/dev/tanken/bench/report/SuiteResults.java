package dev.tanken.bench.report;

import java.util.List;
import java.util.Objects;

/**
 * Everything a suite run left in its output directory, parsed.
 *
 * @param environment the text of {@code environment.txt} (empty when absent)
 * @param quick whether the run used the smoke-test settings ({@code QUICK=1})
 * @param ignored JSON files that were none of the known kinds
 */
public record SuiteResults(List<JmhRow> jmh, List<HyperfineRow> hyperfine, List<CacheBenchRow> cache,
        List<CoherenceRow> coherence, List<PgbenchRow> pgbench, List<Step> steps, List<TrialNote> notes, String environment, boolean quick, List<String> ignored) {

    public SuiteResults {
        jmh = List.copyOf(jmh);
        hyperfine = List.copyOf(hyperfine);
        cache = List.copyOf(cache);
        coherence = List.copyOf(coherence);
        pgbench = List.copyOf(pgbench);
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
        environment = Objects.requireNonNullElse(environment, "");
        ignored = List.copyOf(ignored);
    }

    /** The rows of one benchmark method, e.g. {@code NearbyBenchmark.nearby20}. */
    public List<JmhRow> jmh(String benchmark) {
        return jmh.stream().filter(r -> r.benchmark().equals(benchmark)).toList();
    }
}
