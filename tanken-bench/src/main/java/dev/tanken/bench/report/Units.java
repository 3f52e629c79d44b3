package dev.tanken.bench.report;

/** JMH's score units ("us/op", "ops/s") converted to the report's milliseconds and operations per second. */
final class Units {
    private Units() {
    }

    static boolean isTime(String unit) {
        return unit.endsWith("/op");
    }

    /** A time per operation in milliseconds. */
    static double toMillis(double value, String unit) {
        return value * switch (unit) {
            case "ns/op" -> 1e-6;
            case "us/op" -> 1e-3;
            case "ms/op" -> 1;
            case "s/op" -> 1e3;
            case "min/op" -> 60e3;
            default -> throw new IllegalArgumentException("not a time per operation: " + unit);
        };
    }

    /** A throughput in operations per second. */
    static double toOpsPerSecond(double value, String unit) {
        return value * switch (unit) {
            case "ops/ns" -> 1e9;
            case "ops/us" -> 1e6;
            case "ops/ms" -> 1e3;
            case "ops/s" -> 1;
            case "ops/min" -> 1 / 60.0;
            default -> throw new IllegalArgumentException("not a throughput: " + unit);
        };
    }
}
