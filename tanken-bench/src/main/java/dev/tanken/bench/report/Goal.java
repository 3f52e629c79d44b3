package dev.tanken.bench.report;

import java.util.Objects;

/**
 * One of the benchmark goals evaluated on a suite's results.
 *
 * @param goal the goal's letter in the list (a: nearby, b: round trips, c: writes, d: EXIF, e: the
 *     read path at its limits)
 * @param name what is compared
 * @param target the goal, e.g. "≤ 0.25 ms"
 * @param measured the measured value with what it was derived from
 * @param factor how far the value is from the target: ≥ 1, NaN when not measured
 */
public record Goal(String goal, String name, String target, String measured, Status status, double factor) {
    public enum Status { MET, MISSED, NOT_MEASURED }

    public Goal {
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(status, "status");
        if (status != Status.NOT_MEASURED && !(factor >= 1)) {
            throw new IllegalArgumentException("a measured goal's factor is at least 1, got " + factor);
        }
    }

    /** A value that must not exceed {@code limit}. */
    static Goal atMost(String goal, String name, double value, double limit, String unit, String measured) {
        String target = "≤ " + Fmt.num(limit) + unit;
        if (Double.isNaN(value)) {
            return notMeasured(goal, name, target, measured);
        }
        boolean met = value <= limit;
        double factor = value == 0 ? Double.POSITIVE_INFINITY : met ? limit / value : value / limit;
        return new Goal(goal, name, target, measured, met ? Status.MET : Status.MISSED, factor);
    }

    /** A ratio that must reach {@code need}. */
    static Goal atLeast(String goal, String name, double ratio, double need, String measured) {
        String target = "≥ " + Fmt.factor(need) + "×";
        if (Double.isNaN(ratio)) {
            return notMeasured(goal, name, target, measured);
        }
        boolean met = ratio >= need;
        double factor = ratio == 0 ? Double.POSITIVE_INFINITY : met ? ratio / need : need / ratio;
        return new Goal(goal, name, target, measured, met ? Status.MET : Status.MISSED, factor);
    }

    static Goal notMeasured(String goal, String name, String target, String why) {
        return new Goal(goal, name, target, why, Status.NOT_MEASURED, Double.NaN);
    }

    /** "met by 2×", "missed by 1.3×" or "not measured". */
    public String verdict() {
        return switch (status) {
            case MET -> Double.isInfinite(factor) ? "met" : "met by " + Fmt.factor(factor) + "×";
            case MISSED -> Double.isInfinite(factor) ? "missed" : "missed by " + Fmt.factor(factor) + "×";
            case NOT_MEASURED -> "not measured";
        };
    }
}
