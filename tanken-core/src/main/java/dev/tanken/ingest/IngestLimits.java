package dev.tanken.ingest;

/** Placeholder replaced by the ingest branch. */
public record IngestLimits(long maxFileBytes, long maxPixels) {
    public static final IngestLimits DEFAULT = new IngestLimits(50L << 20, 100_000_000L);
}
