package dev.tanken.blob;

import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed storage for pictures. The key of a blob is derived from the SHA-256 of its
 * bytes, so writing the same bytes twice stores them once and a write can be retried safely.
 * Writes are atomic: a reader sees the whole blob or none of it.
 */
public interface BlobStore extends AutoCloseable {

    /**
     * Stores bytes whose SHA-256 the caller has computed; the store verifies it.
     *
     * @param sha256 lower-case hex SHA-256 of {@code bytes}
     * @param mediaType e.g. {@code image/jpeg}; stored as metadata where the store supports it
     * @return the key and whether this call created the blob (false: it was already there)
     * @throws dev.tanken.InvalidInputException if the digest does not match the bytes
     * @throws dev.tanken.StorageException if the store fails
     */
    PutResult put(byte[] bytes, String sha256, String mediaType);

    /** Opens the blob for reading, or empty if no blob has this key. */
    Optional<InputStream> open(String key);

    boolean exists(String key);

    /** Deletes the blob; returns false if it was not there. */
    boolean delete(String key);

    /** Every key in the store (for garbage collection); the caller closes the stream. */
    Stream<String> keys();

    /**
     * Every blob with its size and age, for garbage collection; the caller closes the stream. The
     * default knows neither (size -1, no time), which makes garbage collection keep every blob: stores
     * override it with what their listing reports for free.
     */
    default Stream<BlobInfo> list() {
        return keys().map(key -> new BlobInfo(key, -1, null));
    }

    /** The key a blob with this digest is stored under. */
    String keyFor(String sha256);

    /** Outcome of {@link #put}. */
    record PutResult(String key, boolean created) {
    }

    @Override
    default void close() {
    }
}
