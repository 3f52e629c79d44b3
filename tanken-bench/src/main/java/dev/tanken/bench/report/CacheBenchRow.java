package dev.tanken.bench.report;

import java.util.Objects;

/**
 * One configuration of a {@code tanken bench cache --json} run, with the workload it ran under.
 * Latencies in milliseconds.
 */
public record CacheBenchRow(String run, double zipf, double readRatio, int keys, int multiGet, String policy,
        String admission, int capacity, double capacityShare, double idealHitRatio, long operations, long postReads,
        double hitRatio, long databaseRoundTrips, double p50Millis, double p99Millis, double p999Millis,
        double opsPerSecond, long writeBackLagMillis) {

    public CacheBenchRow {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(admission, "admission");
        if (operations < 0 || postReads < 0 || databaseRoundTrips < 0) {
            throw new IllegalArgumentException("negative counts in bench cache result " + run);
        }
    }

    /** The goal's measure: a page of 20 posts counts as 20 reads, as a feed shows 20 posts. */
    public double roundTripsPer1000PostReads() {
        return postReads == 0 ? Double.NaN : databaseRoundTrips * 1000.0 / postReads;
    }

    public double roundTripsPer1000Ops() {
        return operations == 0 ? Double.NaN : databaseRoundTrips * 1000.0 / operations;
    }

    /** Round trips per 1000 single reads no cache of this size can go under: the misses of a perfect one. */
    public double idealRoundTripsPer1000Reads() {
        return 1000 * (1 - idealHitRatio);
    }
}
