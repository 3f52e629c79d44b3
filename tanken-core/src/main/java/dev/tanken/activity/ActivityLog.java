package dev.tanken.activity;

import dev.tanken.model.Page;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The searchable record of every state-changing action. Implementations: {@link PostgresActivityLog}
 * and {@link SqliteActivityLog}; both live in the same database as the posts, so that an action and
 * its entry can commit together (see {@link dev.tanken.db.DatabaseService}'s recording overloads).
 *
 * <p>Writes are idempotent by entry id: appending an entry that is already stored does nothing, so
 * a queue that delivers an entry twice stores it once. Arguments are validated ({@link
 * dev.tanken.InvalidInputException}); backend failures surface as {@link dev.tanken.StorageException}.
 * Thread-safe.
 */
public interface ActivityLog extends AutoCloseable {

    /** Stores an entry unless one with its id exists; true if it was new. */
    default boolean append(ActivityEntry entry) {
        if (entry == null) {
            throw new dev.tanken.InvalidInputException("activity entry must not be null");
        }
        return appendAll(List.of(entry)) == 1;
    }

    /**
     * Stores entries in one transaction, skipping ids already stored (also repeats within the
     * batch); returns how many were new.
     */
    int appendAll(Collection<ActivityEntry> entries);

    Optional<ActivityEntry> find(UUID id);

    /** Entries matching the query, newest first, keyset-paginated. */
    Page<ActivityEntry> search(ActivityQuery query);

    /**
     * Loads many entries as fast as the backend can (PostgreSQL COPY, SQLite large batched
     * transactions), for generators and imports. Not idempotent: an id that is already stored
     * fails the load with a {@link dev.tanken.ConflictException}, and chunks committed before the
     * failure stay. Returns the number of entries loaded.
     *
     * @param chunkSize entries per transaction
     */
    long load(Iterator<ActivityEntry> entries, int chunkSize);

    /**
     * Entries from other applications into this log, with the applications' keys, contracts and
     * dead letters.
     */
    default ActivityIngest ingest() {
        throw new dev.tanken.StorageException(this + " takes no entries from other applications");
    }

    /** The hash chains over this log's entries: sealing, heads, anchors and verification. */
    default ActivityChain chain() {
        throw new dev.tanken.StorageException(this + " keeps no hash chain");
    }

    /** Retention per application, the maintenance run, archives and imports. */
    default ActivityMaintenance maintenance() {
        throw new dev.tanken.StorageException(this + " has no retention or maintenance");
    }

    /** Number of stored entries (counts every row: slow on very large logs). */
    long count();

    /** Releases what this log opened itself. Idempotent. */
    @Override
    void close();
}
