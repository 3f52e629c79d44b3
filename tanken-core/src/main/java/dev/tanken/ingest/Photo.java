package dev.tanken.ingest;

/** Placeholder replaced by the ingest branch. */
public record Photo(byte[] bytes, String sha256, PhotoMetadata metadata) {
}
