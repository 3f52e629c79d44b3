package dev.tanken.cache;

import dev.tanken.StorageException;

/**
 * The cache could not be reached (connection refused, timed out, or the circuit breaker is open
 * after such failures). Reads and write-through/write-around writes never surface it: the cache
 * tier serves them from the database. A write-back write does, because it was not recorded
 * anywhere; retry it, write it through, or allow the fallback
 * ({@link dev.tanken.consistency.CacheTierOptions#withWriteBackFallback(boolean)}).
 */
public class CacheUnavailableException extends StorageException {
    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public CacheUnavailableException(String message) {
        super(message);
    }
}
