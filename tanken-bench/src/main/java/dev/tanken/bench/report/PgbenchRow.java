package dev.tanken.bench.report;

import java.util.Objects;

/**
 * One pgbench run of a single SQL query, one client: the query alone, without the library around it.
 *
 * @param run the result file's name without {@code .json}
 * @param name what the query is, e.g. {@code nearby dense}
 * @param latencyAverageMillis pgbench's "latency average"
 */
public record PgbenchRow(String run, String name, long transactions, double latencyAverageMillis, double tps) {
    public PgbenchRow {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(name, "name");
        if (transactions < 0) {
            throw new IllegalArgumentException("negative transactions in pgbench result " + run);
        }
    }
}
