package dev.tanken.bench.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One JMH result: a benchmark method with one set of parameters in one mode.
 *
 * @param run the result file's name without {@code .json} (the suite step that produced it)
 * @param benchmark class and method without the package, e.g. {@code NearbyBenchmark.nearby20}
 * @param mode JMH's short mode name: {@code sample}, {@code thrpt}, {@code avgt}, {@code ss}
 * @param params the parameters in the order JMH wrote them (by name)
 * @param score the primary score (the mean in sample and average-time modes) in {@code unit}
 * @param error JMH's 99.9% half-interval, NaN with a single iteration
 * @param p50 the 50th percentile in {@code unit}, NaN outside sample mode (elsewhere JMH's
 *     percentiles are over iterations, not operations)
 */
public record JmhRow(String run, String benchmark, String mode, Map<String, String> params, double score, double error,
        String unit, double p50, double p90, double p99) {

    public JmhRow {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(unit, "unit");
        // Map.copyOf would lose the order the tables follow.
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String param(String name) {
        return params.get(name);
    }

    public boolean isSample() {
        return mode.equals("sample");
    }

    /** The score as milliseconds per operation; only for time-per-operation units. */
    public double scoreMillis() {
        return Units.toMillis(score, unit);
    }

    public double p50Millis() {
        return Units.toMillis(p50, unit);
    }

    /** The score as operations per second; only for throughput units. */
    public double opsPerSecond() {
        return Units.toOpsPerSecond(score, unit);
    }
}
