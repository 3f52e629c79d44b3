package dev.tanken.bench.report;

import java.util.Objects;

/** One step of the suite script: how long it took and the load average (1, 5, 15 min) around it. */
public record Step(String name, double seconds, String loadBefore, String loadAfter) {
    public Step {
        Objects.requireNonNull(name, "name");
        if (seconds < 0) {
            throw new IllegalArgumentException("step " + name + " took a negative time");
        }
        loadBefore = loadBefore == null ? "" : loadBefore;
        loadAfter = loadAfter == null ? "" : loadAfter;
    }
}
