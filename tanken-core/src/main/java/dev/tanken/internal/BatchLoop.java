package dev.tanken.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * The loop of a worker that takes batches from a stream or a topic: runs {@code batch} until
 * stopped, on the caller's thread or a daemon thread of its own. A failure the worker names
 * retryable (a database or broker that is down) is logged and retried after a back-off that doubles
 * from 100 ms to 10 s and starts again after a batch succeeds; any other exception ends the loop.
 * Stopping wakes a loop that is waiting out its back-off, but never interrupts a batch: the batch
 * finishes (or fails) and the loop ends after it, so that what it stored is acknowledged.
 */
public final class BatchLoop {
    private final String threadName;
    private final String description;
    private final Runnable batch;
    private final Predicate<RuntimeException> retryable;
    private final Logger log;
    private final long firstBackoffMillis;
    private final long maxBackoffMillis;
    private final Object wakeUp = new Object();
    private volatile boolean stopped;
    private Thread thread;

    /**
     * @param threadName the name of the thread {@link #start()} makes
     * @param description what the log's retry lines call the worker, e.g. {@code ingest worker c1}
     * @param batch one batch: takes, stores and acknowledges; throws when it could not
     * @param retryable which failures are retried; others end the loop
     */
    public BatchLoop(String threadName, String description, Runnable batch, Predicate<RuntimeException> retryable,
            Logger log) {
        this(threadName, description, batch, retryable, log, Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    BatchLoop(String threadName, String description, Runnable batch, Predicate<RuntimeException> retryable,
            Logger log, Duration firstBackoff, Duration maxBackoff) {
        this.firstBackoffMillis = firstBackoff.toMillis();
        this.maxBackoffMillis = maxBackoff.toMillis();
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.description = Objects.requireNonNull(description, "description");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.retryable = Objects.requireNonNull(retryable, "retryable");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Runs batches on this thread until {@link #stop} is called or a failure is not retryable. */
    public void run() {
        long backoff = firstBackoffMillis;
        while (!stopped) {
            try {
                batch.run();
                backoff = firstBackoffMillis;
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                if (!retryable.test(e)) {
                    throw e;
                }
                log.warn("{}: {}; retrying in {} ms", description, e.getMessage(), backoff);
                if (!sleep(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, maxBackoffMillis);
            }
        }
    }

    /** Waits out a back-off; false when the thread was interrupted. A stop ends the wait early. */
    private boolean sleep(long millis) {
        long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        synchronized (wakeUp) {
            long left;
            while (!stopped && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wakeUp.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Runs {@link #run()} on a daemon thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(description + " already started");
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether {@link #stop} was called: a batch that sees it may end early and leave its input unacknowledged. */
    public boolean stopped() {
        return stopped;
    }

    /**
     * Asks the loop to end after the current batch, runs {@code interrupt} (a way to end a blocked
     * poll early, or nothing) and waits up to {@code wait} for the loop's thread, when it has one and
     * this is not it.
     */
    public void stop(Duration wait, Runnable interrupt) {
        stopped = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            interrupt.run();
            try {
                t.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
