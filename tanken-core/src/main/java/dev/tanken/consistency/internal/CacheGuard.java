package dev.tanken.consistency.internal;

import dev.tanken.StorageException;
import dev.tanken.cache.PostCacheService;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cache operations so that a cache outage degrades the tier instead of failing it: a failed
 * read is counted, logged (at most every few seconds) and answered by the database. A failed
 * invalidation after a database write is remembered and retried on the next cache operation, so
 * that a cache that comes back does not serve what the write replaced.
 */
public final class CacheGuard {
    private static final Logger LOG = LoggerFactory.getLogger(CacheGuard.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    /** Beyond this many, remembered invalidations are not enough: the whole cache is suspect. */
    private static final int MAX_REMEMBERED = 100_000;

    private final PostCacheService cache;
    private final Metrics metrics;
    private final Set<PostId> unInvalidatedPosts = ConcurrentHashMap.newKeySet();
    private final Set<GeoPoint> unInvalidatedCells = ConcurrentHashMap.newKeySet();
    private volatile long lastLog;
    private volatile long suppressed;

    public CacheGuard(PostCacheService cache, Metrics metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    public PostCacheService cache() {
        return cache;
    }

    /** The operation's result, or empty (counted and logged) when the cache failed. */
    public <T> Optional<T> attempt(String what, Supplier<T> op) {
        try {
            retryRemembered();
            return Optional.ofNullable(op.get());
        } catch (StorageException e) {
            failed(what, e);
            return Optional.empty();
        }
    }

    public boolean run(String what, Runnable op) {
        return attempt(what, () -> {
            op.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    public void failed(String what, RuntimeException e) {
        metrics.cacheErrors.increment();
        long now = System.nanoTime();
        if (now - lastLog > LOG_EVERY_NANOS) {
            lastLog = now;
            long n = suppressed;
            suppressed = 0;
            LOG.warn("cache unavailable, serving from the database ({} failed{}): {}", what,
                    n == 0 ? "" : "; " + n + " similar failures not logged", e.getMessage());
        } else {
            suppressed++;
        }
    }

    /** Invalidates a post after a database write; remembers it if the cache is down. */
    public void invalidatePost(PostId id, boolean countersOnly) {
        if (!run("invalidate", () -> {
            if (countersOnly) {
                cache.invalidateCounters(id);
            } else {
                cache.invalidate(id);
            }
        })) {
            remember(unInvalidatedPosts, id);
        }
    }

    /** Invalidates the counters of many posts after database writes, in one round trip; remembers them if the cache is down. */
    public void invalidateCounters(Collection<PostId> ids) {
        if (!ids.isEmpty() && !run("invalidate", () -> cache.invalidateCountersOf(ids))) {
            ids.forEach(id -> remember(unInvalidatedPosts, id));
        }
    }

    /** Marks a cell incomplete after a write the geo index could not take; remembers it if the cache is down. */
    public void invalidateCell(GeoPoint location) {
        if (!run("cell invalidate", () -> cache.invalidateCell(location))) {
            remember(unInvalidatedCells, location);
        }
    }

    private <T> void remember(Set<T> set, T item) {
        if (set.size() < MAX_REMEMBERED) {
            set.add(item);
        } else {
            LOG.error("more than {} cache invalidations could not be delivered; flush the cache namespace"
                    + " ({}) before serving from it again", MAX_REMEMBERED, cache.namespace());
        }
    }

    private void retryRemembered() {
        if (unInvalidatedPosts.isEmpty() && unInvalidatedCells.isEmpty()) {
            return;
        }
        for (PostId id : unInvalidatedPosts) {
            cache.invalidate(id);
            unInvalidatedPosts.remove(id);
        }
        for (GeoPoint p : unInvalidatedCells) {
            cache.invalidateCell(p);
            unInvalidatedCells.remove(p);
        }
    }

    /** Retries remembered invalidations now; true when none is left. */
    public boolean catchUp() {
        return run("retry invalidations", () -> { }) && unInvalidatedPosts.isEmpty() && unInvalidatedCells.isEmpty();
    }
}
