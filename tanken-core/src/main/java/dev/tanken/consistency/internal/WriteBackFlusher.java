package dev.tanken.consistency.internal;

import dev.tanken.StorageException;
import dev.tanken.cache.CacheUnavailableException;
import dev.tanken.cache.WriteBackQueue;
import dev.tanken.cache.WriteBackQueue.Entry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves write-back entries from the stream to the database. Many processes may run one; a lock in
 * the cache server lets one work at a time, so entries are applied in stream order. The lock holder
 * first takes over entries delivered to a dead flusher ({@code XAUTOCLAIM}), then reads new ones.
 * An entry is acknowledged (and deleted) only after the database has it; a crash in between means
 * it is delivered again, and {@link EntryApplier#applyRedelivered} does not apply again what the
 * database already has.
 */
public final class WriteBackFlusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBackFlusher.class);

    private final WriteBackQueue queue;
    private final EntryApplier applier;
    private final Metrics metrics;
    private final int batchSize;
    private final Duration interval;
    private final Duration lockTtl;
    private final String owner = "flusher-" + UUID.randomUUID();
    /** One batch at a time in this process: the background thread and callers of drain(). */
    private final ReentrantLock working = new ReentrantLock();
    private volatile boolean running;
    private Thread thread;

    public WriteBackFlusher(WriteBackQueue queue, EntryApplier applier, Metrics metrics, int batchSize,
            Duration interval, Duration lockTtl) {
        this.queue = queue;
        this.applier = applier;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.interval = interval;
        this.lockTtl = lockTtl;
    }

    public String owner() {
        return owner;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "tanken-write-back-flusher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long backoff = interval.toNanos();
        while (running) {
            try {
                if (!step(interval)) {
                    LockSupport.parkNanos(interval.toNanos());
                }
                backoff = interval.toNanos();
            } catch (CacheUnavailableException e) {
                // The tier reports the outage; a line per retry would only repeat it.
                LOG.debug("write-back flusher: {} (retrying)", e.getMessage());
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, lockTtl.toNanos() / 3);
            } catch (RuntimeException e) {
                LOG.warn("write-back flusher: {} (retrying)", e.getMessage());
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, lockTtl.toNanos() / 3);
            }
        }
    }

    /**
     * One batch, if this process can take the lock: returns false when it could not (another flusher
     * works) so that the caller waits. A storage failure is thrown after the applied prefix is acknowledged.
     */
    boolean step(Duration block) {
        working.lock();
        try {
            if (!queue.lock(owner, lockTtl)) {
                return false;
            }
            List<Entry> batch = queue.reclaim(owner, batchSize);
            boolean redelivered = !batch.isEmpty();
            if (!redelivered) {
                batch = queue.read(owner, batchSize, block);
            }
            if (batch.isEmpty()) {
                return true;
            }
            EntryApplier.Result r = redelivered ? applier.applyRedelivered(batch) : applier.apply(batch);
            for (EntryApplier.Rejected rejected : r.rejected()) {
                // The flusher may run in any command of any process: the refusal is reported where it is
                // looked for (tanken cache dead-letters, cache stats), not on that command's stderr.
                LOG.debug("write-back entry {} refused by the database, moved to the dead letters: {}",
                        rejected.entry().id(), rejected.reason());
                queue.deadLetter(rejected.entry(), rejected.reason());
                metrics.deadLetters.increment();
            }
            queue.ack(r.applied().stream().map(Entry::id).toList());
            metrics.flushedEntries.add(r.applied().size());
            if (r.failure() != null) {
                throw r.failure();
            }
            return true;
        } finally {
            working.unlock();
        }
    }

    /**
     * Applies entries until the queue is empty, in this thread when this process can take the lock,
     * else waiting for the flusher that holds it.
     *
     * @throws StorageException if the queue is not empty after {@code timeout}
     */
    public void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (queue.length() == 0) {
                    return;
                }
                if (!step(Duration.ZERO)) {
                    LockSupport.parkNanos(Math.min(interval.toNanos(), 20_000_000L));
                }
                last = null;
            } catch (CacheUnavailableException e) {
                // Nothing can be drained from an unreachable cache: the entries wait there for the
                // next flusher, and waiting out the timeout would only hold the caller up.
                throw new CacheUnavailableException("write-back queue not drained: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                last = e;
                LockSupport.parkNanos(Math.min(interval.toNanos(), 50_000_000L));
            }
            if (System.nanoTime() > deadline) {
                long left;
                try {
                    left = queue.length();
                } catch (RuntimeException e) {
                    left = -1;
                }
                throw new StorageException("write-back queue not drained within " + timeout.toMillis() + " ms ("
                        + (left < 0 ? "cache unreachable" : left + " entries left")
                        + (last == null ? "" : "; last error: " + last.getMessage()) + ")", last);
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(lockTtl.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            queue.unlock(owner);
        } catch (RuntimeException e) {
            LOG.debug("write-back flusher: could not release the lock: {}", e.getMessage());
        }
    }
}
