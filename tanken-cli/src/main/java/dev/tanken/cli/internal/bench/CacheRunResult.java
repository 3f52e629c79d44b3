package dev.tanken.cli.internal.bench;

/**
 * One configuration's measurement. Latencies in milliseconds; {@code databaseRoundTrips} counts every
 * database call the cache tier made from the start of the measurement until the write-back queue
 * was drained (so write-back's deferred writes are included). {@code traceOptimumTrips}: the database
 * round trips of the measured reads with the static optimum cached, counting as a trip also the first
 * read of each of its posts that the run (warm-up included) had not read before, which no cache can
 * answer; -1 when not computed (multi-post reads).
 */
public record CacheRunResult(String policy, String admission, int capacity, double capacityShare, long operations,
        long reads, long writes, long postReads, long hits, long misses, long databaseRoundTrips, long evictions,
        double p50Millis, double p99Millis, double p999Millis, double maxMillis, double opsPerSecond,
        long writeBackLagMillis, long drainMillis, long traceOptimumTrips) {

    /** Share of post reads served by the cache. */
    public double hitRatio() {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }

    public double roundTripsPer1000Ops() {
        return operations == 0 ? 0 : databaseRoundTrips * 1000.0 / operations;
    }

    public double roundTripsPer1000PostReads() {
        return postReads == 0 ? 0 : databaseRoundTrips * 1000.0 / postReads;
    }
}
