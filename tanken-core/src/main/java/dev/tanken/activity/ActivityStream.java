package dev.tanken.activity;

/**
 * A durable queue that carries activity entries from the application to an {@link ActivityLog},
 * used instead of same-transaction writes when a Redis server is configured: the action commits on
 * its own, the entry is published, and a worker ({@link ActivityRelay})
 * writes entries to the log in batches, idempotently by id.
 */
public interface ActivityStream extends AutoCloseable {
    /** Queues an entry durably; returns once the queue accepted it. */
    void publish(ActivityEntry entry);

    @Override
    void close();
}
