package dev.tanken;

/** A database, cache or blob store failed to do what was asked (I/O, connection, SQL error). */
public class StorageException extends TankenException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
