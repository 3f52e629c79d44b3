package dev.tanken.ingest;

/** Placeholder replaced by the ingest branch. */
public final class PhotoInspector {
    public PhotoInspector(IngestLimits limits) {
    }

    public Photo read(java.nio.file.Path file) {
        throw new UnsupportedOperationException();
    }

    public Photo inspect(byte[] bytes) {
        throw new UnsupportedOperationException();
    }
}
