package dev.tanken.consistency.internal;

import dev.tanken.cache.PostCacheService;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cache fills after database reads, off the reader's path: a reader that missed hands its fill here
 * and returns what it read. One daemon thread sends everything queued meanwhile in one call (one
 * round trip, one per node on a cluster), so fills keep up with many readers.
 *
 * <p>Woken by a fill, the thread waits {@linkplain #LINGER_NANOS a moment} before sending, so that
 * the fills of the next reads go in the same call. A fill per call would wake this thread, borrow a
 * connection and cost Redis a round trip for every miss, on the same cores the next readers need
 * (on two cores that is what made a miss cost more than its lookup and database read); while it
 * waits, a reader's hand-over wakes nobody. The lease stays taken that much longer: a reader
 * elsewhere waiting for the fill polls every millisecond anyway.
 *
 * <p>The queue is bounded: when it is full a fill is dropped, never waited for. A dropped fill costs
 * a later reader one more database read; its leases expire with their TTL (readers waiting on them
 * wait that long at most, then read the database themselves).
 */
public final class BackgroundFills implements AutoCloseable {
    static final int CAPACITY = 4096;
    private static final int MAX_BATCH = 256;
    /** How long a woken fill thread lets further fills gather before sending them in one call. */
    static final long LINGER_NANOS = 1_000_000;
    private static final long CLOSE_WAIT_SECONDS = 10;

    private record Task(List<PostCacheService.Fill> fills, Collection<PostId> release, String token) {
    }

    private final CacheGuard guard;
    private final PostCacheService cache;
    private final Duration ttl;
    private final BlockingQueue<Task> queue;
    private final LongAdder dropped = new LongAdder();
    private final Thread worker;
    private final long lingerNanos;
    private volatile boolean closing;

    public BackgroundFills(CacheGuard guard, Duration ttl) {
        this(guard, ttl, CAPACITY, LINGER_NANOS);
    }

    /** {@code capacity}: the fills (one per reading call) that may wait for the thread. */
    public BackgroundFills(CacheGuard guard, Duration ttl, int capacity) {
        this(guard, ttl, capacity, LINGER_NANOS);
    }

    /**
     * {@code capacity}: the fills (one per reading call) that may wait for the thread; {@code
     * lingerNanos}: how long the woken thread lets more fills gather before sending (0: at once).
     */
    public BackgroundFills(CacheGuard guard, Duration ttl, int capacity, long lingerNanos) {
        if (capacity < 1) {
            throw new IllegalArgumentException("fill queue capacity must be at least 1, got " + capacity);
        }
        if (lingerNanos < 0) {
            throw new IllegalArgumentException("fill linger must not be negative, got " + lingerNanos);
        }
        this.lingerNanos = lingerNanos;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.guard = guard;
        this.cache = guard.cache();
        this.ttl = ttl;
        this.worker = new Thread(this::work, "tanken-cache-fill");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues a fill (and the release of leases read without a row to fill); drops it when the queue is full. */
    public void submit(List<PostCacheService.Fill> fills, Collection<PostId> release, String token) {
        if (fills.isEmpty() && release.isEmpty()) {
            return;
        }
        Task task = new Task(fills, release, token);
        if (closing || !queue.offer(task)) {
            if (closing) {
                // Closing: the worker may be gone, so this caller does the fill itself.
                apply(List.of(task));
            } else {
                dropped.increment();
            }
        }
    }

    /** Fills dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Runs a fill on the caller's thread (warming an area wants the cache filled when it returns). */
    public void applyNow(List<PostCacheService.Fill> fills, Collection<PostId> release, String token) {
        apply(List.of(new Task(fills, release, token)));
    }

    private void work() {
        List<Task> batch = new ArrayList<>();
        while (true) {
            Task first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closing) {
                    return;
                }
                continue;
            }
            batch.add(first);
            if (lingerNanos > 0 && !closing && queue.size() < MAX_BATCH - 1) {
                // Parked, not waiting on the queue: the readers' hand-overs meanwhile signal nobody.
                LockSupport.parkNanos(lingerNanos);
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            apply(batch);
            batch.clear();
        }
    }

    private void apply(List<Task> batch) {
        List<PostCacheService.Fill> fills = new ArrayList<>();
        Map<String, List<PostId>> release = new LinkedHashMap<>();
        for (Task t : batch) {
            fills.addAll(t.fills());
            if (!t.release().isEmpty()) {
                release.computeIfAbsent(t.token(), k -> new ArrayList<>()).addAll(t.release());
            }
        }
        try {
            guard.run("fill", () -> {
                cache.fill(fills, ttl);
                release.forEach((token, ids) -> cache.releaseLeases(ids, token));
            });
        } catch (RuntimeException e) {
            // Not a cache outage (the guard takes those): a fill is an optimisation, never worth the thread.
            guard.failed("fill", e);
        }
    }

    /** Sends what is queued, then stops the thread (waits a bounded time). */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(worker);
        try {
            worker.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
