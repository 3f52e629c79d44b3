package dev.tanken.ingest;

import dev.tanken.model.Validation;
import java.util.Objects;

/**
 * A photo that passed inspection: its bytes exactly as read, their SHA-256 and its metadata.
 *
 * <p>The byte array is <em>not</em> copied, neither here nor by {@link #bytes()}: a photo can be
 * tens of megabytes and is handed from the inspector to the blob store unchanged, so copies would
 * only double the memory. Callers must not modify the array. For the same reason equality is array
 * identity, as for any record with an array component; compare {@link #sha256()} instead.
 *
 * @param bytes the file content (not copied)
 * @param sha256 lower-case hex SHA-256 of {@code bytes}
 * @param metadata what the inspector read from the bytes
 */
public record Photo(byte[] bytes, String sha256, PhotoMetadata metadata) {

    public Photo {
        Objects.requireNonNull(bytes, "bytes");
        Validation.sha256(sha256);
        Objects.requireNonNull(metadata, "metadata");
    }

    @Override
    public String toString() {
        return "Photo[" + metadata.format() + " " + metadata.width() + "x" + metadata.height() + ", "
                + bytes.length + " bytes, sha256=" + sha256 + "]";
    }
}
