package dev.tanken.consistency.internal;

import java.util.concurrent.atomic.LongAdder;

/** The tier's counters; cheap to bump from many threads. */
public final class Metrics {
    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    public final LongAdder databaseRoundTrips = new LongAdder();
    public final LongAdder cacheErrors = new LongAdder();
    public final LongAdder nearbyFromCache = new LongAdder();
    public final LongAdder nearbyFromDatabase = new LongAdder();
    public final LongAdder flushedEntries = new LongAdder();
    public final LongAdder deadLetters = new LongAdder();
    public final LongAdder journaledInvalidations = new LongAdder();
    public final LongAdder replayedInvalidations = new LongAdder();
}
