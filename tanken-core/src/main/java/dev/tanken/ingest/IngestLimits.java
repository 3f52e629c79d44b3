package dev.tanken.ingest;

import dev.tanken.InvalidInputException;

/**
 * Upper bounds on what {@link PhotoInspector} accepts, enforced before anything large is read or
 * decoded so that a hostile file cannot exhaust memory.
 *
 * @param maxFileBytes largest accepted file, in bytes; at most {@link #MAX_FILE_BYTES} because a
 *     photo is held in a single array
 * @param maxPixels largest accepted width &times; height, as declared by the image header; checked
 *     before any pixel is decoded
 */
public record IngestLimits(long maxFileBytes, long maxPixels) {
    /** The largest byte array the JVM reliably allocates. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /** 50 MiB and 100 megapixels: above any camera or phone photo, below trouble. */
    public static final IngestLimits DEFAULT = new IngestLimits(50L * 1024 * 1024, 100_000_000L);

    public IngestLimits {
        if (maxFileBytes <= 0 || maxFileBytes > MAX_FILE_BYTES) {
            throw new InvalidInputException("maximum file size must be between 1 and " + MAX_FILE_BYTES
                    + " bytes, got " + maxFileBytes);
        }
        if (maxPixels <= 0) {
            throw new InvalidInputException("maximum pixel count must be positive, got " + maxPixels);
        }
    }
}
