package dev.tanken.bench.report;

import java.util.Objects;

/**
 * One pgbench run of a single SQL query, one client: the query alone, without the library around it.
 *
 * @param run the result file's name without {@code .json}
 * @param name what the query is, e.g. {@code nearby dense, mercator-ids (...)}
 * @param query which script ran, e.g. {@code mercator-ids} (the nearby page alone) or {@code mercator}
 *     (the whole statement); empty when the result file does not say
 * @param area the benchmark area ({@code dense}, {@code sparse}); empty when the result file does not say
 * @param latencyAverageMillis pgbench's "latency average"
 */
public record PgbenchRow(String run, String name, String query, String area, long transactions,
        double latencyAverageMillis, double tps) {
    public PgbenchRow {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(area, "area");
        if (transactions < 0) {
            throw new IllegalArgumentException("negative transactions in pgbench result " + run);
        }
    }
}
