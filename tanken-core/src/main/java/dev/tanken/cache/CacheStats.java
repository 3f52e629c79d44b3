package dev.tanken.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the cache tier's counters since it was opened.
 *
 * @param hits post reads served from the cache
 * @param misses post reads that had to go to the database
 * @param databaseRoundTrips calls made to the database service by the tier (reads and writes)
 * @param cacheErrors cache operations that failed (server down, timeout); each one fell back to the
 *     database or failed the write, never silently
 * @param nearbyFromCache nearby searches answered from the geo index
 * @param nearbyFromDatabase nearby searches answered by the database (area not warmed, radius too
 *     large, or cache unavailable)
 * @param writeBackQueueLength write-back entries not yet applied to the database (-1 when the cache
 *     cannot be reached to ask)
 * @param flushLag age of the oldest write-back entry not yet applied ({@link Duration#ZERO} when
 *     the queue is empty)
 * @param flushedEntries write-back entries this process applied to the database
 * @param deadLetters write-back entries the database rejected (moved to the dead-letter stream)
 * @param journaledInvalidations invalidations the cache could not take after a database write,
 *     stored in the database to be replayed (this process)
 * @param replayedInvalidations journaled invalidations (of any process) this process delivered
 *     once the cache was reachable again
 * @param nearCache what this process's near cache did, when it has one ({@code nearCache=N})
 */
public record CacheStats(
        long hits,
        long misses,
        long databaseRoundTrips,
        long cacheErrors,
        long nearbyFromCache,
        long nearbyFromDatabase,
        long writeBackQueueLength,
        Duration flushLag,
        long flushedEntries,
        long deadLetters,
        long journaledInvalidations,
        long replayedInvalidations,
        Optional<NearPostCache.Stats> nearCache) {

    public CacheStats {
        Objects.requireNonNull(flushLag, "flush lag");
        Objects.requireNonNull(nearCache, "near cache stats (empty when there is no near cache)");
    }

    /** Share of post reads served by the cache, 0 when nothing was read. */
    public double hitRatio() {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }
}
