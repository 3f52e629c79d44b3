package dev.tanken.activity;

/**
 * A durable queue that carries activity entries of an application's own to an {@link ActivityLog}
 * (a worker writes them in batches, idempotently by id). Tanken does not publish its own entries
 * here: it writes each in the transaction of the change it records, so no entry can be lost between
 * a commit and a publish.
 */
public interface ActivityStream extends AutoCloseable {
    /** Queues an entry durably; returns once the queue accepted it. */
    void publish(ActivityEntry entry);

    @Override
    void close();
}
