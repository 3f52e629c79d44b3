package dev.tanken.consistency.internal;

import dev.tanken.StorageException;
import dev.tanken.cache.PostCacheService;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import dev.tanken.db.InvalidationJournal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cache operations so that a cache outage degrades the tier instead of failing it: a failed
 * read is counted, logged (at most every few seconds) and answered by the database. A failed
 * invalidation after a database write is stored in the database's {@link InvalidationJournal}
 * (in memory only when the database has none or cannot take it) and delivered before the next
 * cache operation, so that a cache that comes back does not serve what the write replaced.
 *
 * <p>Other processes sharing the database journal their own failed invalidations: this one
 * replays the journal before its first cache operation, after every failure it sees, and at
 * least every {@value #RECHECK_SECONDS} seconds.
 */
public final class CacheGuard {
    private static final Logger LOG = LoggerFactory.getLogger(CacheGuard.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    /** Beyond this many, remembered invalidations are not enough: the whole cache is suspect. */
    private static final int MAX_REMEMBERED = 100_000;

    private static final long RECHECK_SECONDS = 10;
    private static final int REPLAY_BATCH = 500;

    private final PostCacheService cache;
    private final Metrics metrics;
    private final InvalidationJournal journal;
    /** Bumped whenever an invalidation may have been journaled; replays catch up to it. */
    private final AtomicLong journaled = new AtomicLong(1);
    private final AtomicLong replayed = new AtomicLong(0);
    private volatile long replayedAt;
    private final Set<PostId> unInvalidatedPosts = ConcurrentHashMap.newKeySet();
    private final Set<GeoPoint> unInvalidatedCells = ConcurrentHashMap.newKeySet();
    private volatile long lastLog;
    private volatile long suppressed;

    public CacheGuard(PostCacheService cache, Metrics metrics, Optional<InvalidationJournal> journal) {
        this.cache = cache;
        this.metrics = metrics;
        this.journal = journal.orElse(null);
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
        journaled.incrementAndGet();
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

    /** Invalidates a post after a database write; journals it if the cache is down. */
    public void invalidatePost(PostId id, boolean countersOnly) {
        if (!run("invalidate", () -> {
            if (countersOnly) {
                cache.invalidateCounters(id);
            } else {
                cache.invalidate(id);
            }
        })) {
            owe(List.of(id), List.of());
        }
    }

    /** Invalidates the counters of many posts after database writes, in one round trip; journals them if the cache is down. */
    public void invalidateCounters(Collection<PostId> ids) {
        if (!ids.isEmpty() && !run("invalidate", () -> cache.invalidateCountersOf(ids))) {
            owe(ids, List.of());
        }
    }

    /** Marks a cell incomplete after a write the geo index could not take; journals it if the cache is down. */
    public void invalidateCell(GeoPoint location) {
        if (!run("cell invalidate", () -> cache.invalidateCell(location))) {
            owe(List.of(), List.of(location));
        }
    }

    /** Invalidations the cache did not take: into the database's journal, else into memory. */
    private void owe(Collection<PostId> posts, Collection<GeoPoint> cells) {
        if (journal != null) {
            try {
                journal.record(cache.namespace(), posts, cells);
                metrics.journaledInvalidations.add(posts.size() + cells.size());
                journaled.incrementAndGet();
                return;
            } catch (StorageException e) {
                LOG.warn("cache invalidations could not be journaled in the database either; kept in memory: {}",
                        e.getMessage());
            }
        }
        posts.forEach(id -> remember(unInvalidatedPosts, id));
        cells.forEach(c -> remember(unInvalidatedCells, c));
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
        replayJournalIfDue();
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

    /**
     * Delivers the journal's invalidations to the cache and forgets them, when something may have
     * been journaled since the last replay or the last replay is old. Throws (and the caller's cache
     * operation is not attempted) when the cache or the database fails meanwhile.
     */
    private void replayJournalIfDue() {
        if (journal == null) {
            return;
        }
        long due = journaled.get();
        if (replayed.get() >= due && System.nanoTime() - replayedAt < RECHECK_SECONDS * 1_000_000_000L) {
            return;
        }
        String namespace = cache.namespace();
        while (true) {
            List<InvalidationJournal.Pending> batch = journal.pending(namespace, REPLAY_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            List<PostId> posts = new ArrayList<>();
            for (InvalidationJournal.Pending p : batch) {
                if (p.post() != null) {
                    posts.add(p.post());
                } else {
                    cache.invalidateCell(p.cell());
                }
            }
            for (PostId id : posts) {
                cache.invalidate(id);
            }
            journal.remove(batch.stream().map(InvalidationJournal.Pending::seq).toList());
            metrics.replayedInvalidations.add(batch.size());
            if (batch.size() < REPLAY_BATCH) {
                break;
            }
        }
        replayed.accumulateAndGet(due, Math::max);
        replayedAt = System.nanoTime();
    }

    /** Retries remembered invalidations now; true when none is left. */
    public boolean catchUp() {
        return run("retry invalidations", () -> { }) && unInvalidatedPosts.isEmpty() && unInvalidatedCells.isEmpty();
    }
}
