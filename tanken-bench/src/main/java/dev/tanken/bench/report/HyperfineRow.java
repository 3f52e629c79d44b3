package dev.tanken.bench.report;

import java.util.Objects;

/** One command timed by hyperfine; times in seconds, as hyperfine exports them. */
public record HyperfineRow(String run, String command, double mean, double stddev, double median, double min,
        double max, int runs) {

    public HyperfineRow {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(command, "command");
        if (!(mean > 0) || runs < 1) {
            throw new IllegalArgumentException("hyperfine result of '" + command + "' has no runs");
        }
    }
}
