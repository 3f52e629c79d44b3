package dev.tanken.ingest;

/** Placeholder replaced by the ingest branch. */
public enum ImageFormat {
    JPEG, HEIF, PNG, WEBP;

    public String mediaType() {
        throw new UnsupportedOperationException();
    }

    public String extension() {
        throw new UnsupportedOperationException();
    }
}
