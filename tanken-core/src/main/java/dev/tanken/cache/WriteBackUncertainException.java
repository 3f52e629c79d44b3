package dev.tanken.cache;

import dev.tanken.StorageException;

/**
 * A write-back entry reached the Redis primary but not the number of replicas the cache URL asks
 * for ({@code waitReplicas}) in time. It may still be applied (the primary has it and its flusher
 * will find it) or lost (if the primary fails before replicating). Retrying the same write is safe:
 * write-back writes are idempotent (posts by id, likes and bookmarks as set membership, comments by
 * id).
 */
public class WriteBackUncertainException extends StorageException {
    public WriteBackUncertainException(String message) {
        super(message);
    }
}
