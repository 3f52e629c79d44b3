package dev.tanken.blob;

import dev.tanken.InvalidInputException;
import java.time.Instant;

/**
 * A stored blob as {@link BlobStore#list()} reports it.
 *
 * @param key the blob's key
 * @param size its length in bytes, or -1 when the store did not say
 * @param lastModified when it was last written, or null when the store cannot tell; garbage collection
 *     never removes a blob whose age it does not know
 */
public record BlobInfo(String key, long size, Instant lastModified) {
    public BlobInfo {
        if (key == null || key.isBlank()) {
            throw new InvalidInputException("blob key must not be empty");
        }
        if (size < -1) {
            throw new InvalidInputException("blob size must be -1 (unknown) or more, got " + size);
        }
    }
}
