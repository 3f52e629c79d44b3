package dev.tanken.ingest.internal;

/** A structural defect found by a {@link ContainerScan}; the message says what and where. */
public final class MalformedImageException extends Exception {
    public MalformedImageException(String message) {
        super(message);
    }
}
