package dev.tanken;

/**
 * A service was used after {@code close()}. Every database service, the cache tier included, throws
 * this one type, so that callers can tell a programming error from a storage failure while code that
 * catches {@link StorageException} keeps working.
 */
public class ClosedException extends StorageException {
    public ClosedException(String message) {
        super(message);
    }
}
