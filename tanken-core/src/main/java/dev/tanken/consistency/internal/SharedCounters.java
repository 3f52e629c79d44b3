package dev.tanken.consistency.internal;

import dev.tanken.cache.NearPostCache;
import dev.tanken.cache.PostCacheService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds this process's counters to the ones every process of the cache namespace shares, in batches:
 * what changed since the last batch goes to the cache in one round trip, every few seconds from a
 * background thread and once more at close, so that no read waits for it.
 */
public final class SharedCounters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedCounters.class);

    /** The counters shared, by their names in the cache and in {@code tanken cache stats --json}. */
    public static final List<String> NAMES = List.of("hits", "misses", "nearbyFromCache", "nearbyFromDatabase",
            "databaseRoundTrips", "cacheErrors", "flushedEntries", "deadLetters", "nearHits", "nearMisses",
            "nearInvalidations", "nearEvictions", "nearOffPeriods");

    private final PostCacheService cache;
    private final List<LongSupplier> sources;
    private final long[] published;
    private final ScheduledExecutorService timer;

    /** {@code near}: this process's near cache's figures, when it has one. */
    public SharedCounters(PostCacheService cache, Metrics metrics, Optional<Supplier<NearPostCache.Stats>> near,
            Duration interval) {
        this.cache = cache;
        Supplier<NearPostCache.Stats> n = near.orElse(null);
        this.sources = List.of(metrics.hits::sum, metrics.misses::sum, metrics.nearbyFromCache::sum,
                metrics.nearbyFromDatabase::sum, metrics.databaseRoundTrips::sum, metrics.cacheErrors::sum,
                metrics.flushedEntries::sum, metrics.deadLetters::sum,
                () -> n == null ? 0 : n.get().hits(), () -> n == null ? 0 : n.get().misses(),
                () -> n == null ? 0 : n.get().invalidations(), () -> n == null ? 0 : n.get().evictions(),
                () -> n == null ? 0 : n.get().disconnections());
        this.published = new long[sources.size()];
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tanken-cache-counters");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::publishQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Adds what this process counted since the last batch. When the cache fails, the counts wait for
     * the next batch (a batch the cache applied but did not acknowledge is then counted twice).
     */
    public synchronized void publish() {
        long[] now = new long[sources.size()];
        Map<String, Long> deltas = new LinkedHashMap<>();
        for (int i = 0; i < now.length; i++) {
            now[i] = sources.get(i).getAsLong();
            if (now[i] != published[i]) {
                deltas.put(NAMES.get(i), now[i] - published[i]);
            }
        }
        if (!deltas.isEmpty()) {
            cache.addSharedCounters(deltas);
            System.arraycopy(now, 0, published, 0, now.length);
        }
    }

    /** {@link #publish()} where a failure must not surface: the counts wait for the next batch. */
    public void publishQuietly() {
        try {
            publish();
        } catch (RuntimeException e) {
            LOG.debug("shared cache counters not added this time: {}", e.getMessage());
        }
    }

    /** The namespace's counters, this process's included, with every name present (0 when never added). */
    public Map<String, Long> read() {
        publish();
        Map<String, Long> shared = cache.sharedCounters();
        Map<String, Long> all = new LinkedHashMap<>();
        NAMES.forEach(name -> all.put(name, shared.getOrDefault(name, 0L)));
        return all;
    }

    /** Stops the timer and adds the last counts. */
    @Override
    public void close() {
        timer.shutdownNow();
        publishQuietly();
    }
}
