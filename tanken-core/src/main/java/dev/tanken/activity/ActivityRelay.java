package dev.tanken.activity;

/**
 * An {@link ActivityStream} with the worker that moves its entries into an {@link ActivityLog}.
 * Closing it stops the worker after draining what this process published.
 */
public interface ActivityRelay extends AutoCloseable {
    /** Where actions publish their entries. */
    ActivityStream stream();

    @Override
    void close();
}
