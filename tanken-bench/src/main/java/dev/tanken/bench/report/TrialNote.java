package dev.tanken.bench.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a benchmark trial printed beside its score (the cache tier's hit ratio, the write-back
 * backlog), found in the JMH log of {@code run} under the trial's benchmark, mode and parameters.
 */
public record TrialNote(String run, String benchmark, String mode, Map<String, String> params, String text) {
    public TrialNote {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(text, "text");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    boolean describes(JmhRow row) {
        return run.equals(row.run()) && benchmark.equals(row.benchmark()) && mode.equals(row.mode())
                && params.equals(row.params());
    }
}
