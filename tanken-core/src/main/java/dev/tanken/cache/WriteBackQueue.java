package dev.tanken.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A durable queue of write-back entries kept in the cache server (a Redis Stream read through one
 * consumer group), with the lock that makes one flusher at a time apply entries, in order.
 */
public interface WriteBackQueue {

    /** An entry: its stream id (time-ordered) and its fields. */
    record Entry(String id, Map<String, String> fields) {
    }

    /**
     * Appends an entry and returns its id once the server acknowledged it (and, if configured, once
     * the configured number of replicas did: Redis {@code WAIT}).
     *
     * @throws WriteBackUncertainException if the primary has it but not enough replicas do
     * @throws dev.tanken.StorageException if the entry was not recorded
     */
    String append(Map<String, String> fields);

    /** New entries for this consumer, waiting up to {@code block} when there are none. */
    List<Entry> read(String consumer, int count, Duration block);

    /**
     * Takes over entries delivered to any consumer and not acknowledged (a dead flusher's), oldest
     * first, with {@code XAUTOCLAIM}. Returns an empty list when there are none.
     */
    List<Entry> reclaim(String consumer, int count);

    /** Acknowledges and removes applied entries. */
    void ack(List<String> ids);

    /**
     * Moves an entry the database rejected to the dead-letter stream, with the reason (fields
     * {@code entry}: its queue id, and {@code reason}), and acknowledges it, in one step: an entry
     * already moved (redelivered after a crash) is not added twice.
     */
    void deadLetter(Entry entry, String reason);

    /** Deletes these dead letters (ids from {@link #deadLetters}); returns how many there were. */
    long dropDeadLetters(List<String> ids);

    /** Entries not yet applied (including delivered but unacknowledged ones). */
    long length();

    /** Age of the oldest entry not yet applied, zero when the queue is empty. */
    Duration oldestAge();

    /** Entries the database rejected, oldest first, at most {@code count}. */
    List<Entry> deadLetters(int count);

    /** Takes or renews the flusher lock for {@code owner}; false when another owner holds it. */
    boolean lock(String owner, Duration ttl);

    void unlock(String owner);
}
