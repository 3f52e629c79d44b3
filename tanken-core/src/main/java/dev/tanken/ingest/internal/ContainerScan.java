package dev.tanken.ingest.internal;

import dev.tanken.ingest.ImageFormat;

/**
 * A cheap walk over a file's container structure (JPEG segments, PNG chunks, RIFF chunks, ISO-BMFF
 * boxes) that finds the declared pixel size and detects truncation and lying length fields, without
 * decoding a single pixel. It runs before metadata-extractor, so that library only ever sees
 * structurally sound input and never allocates a buffer for a length the file does not hold.
 *
 * <p>The dimensions are recorded as soon as the header is read, even when a later defect makes
 * {@link #scan} throw: a tiny file claiming 20000x20000 pixels must be reported as too large, which
 * is the more useful message.
 */
public abstract class ContainerScan {
    protected final byte[] data;
    private final long maxPixels;
    private long width;
    private long height;
    private int orientation;

    protected ContainerScan(byte[] data, long maxPixels) {
        this.data = data;
        this.maxPixels = maxPixels;
    }

    /**
     * @param maxPixels the scan stops as soon as the header declares more pixels than this; the caller
     *     then reports the size, which it can read from {@link #width()} and {@link #height()}
     */
    public static ContainerScan of(ImageFormat format, byte[] data, long maxPixels) {
        return switch (format) {
            case JPEG -> new JpegScan(data, maxPixels);
            case PNG -> new PngScan(data, maxPixels);
            case WEBP -> new WebpScan(data, maxPixels);
            case HEIF -> new HeifScan(data, maxPixels);
        };
    }

    /** Walks the structure; throws on the first defect. */
    public abstract void scan() throws MalformedImageException;

    public boolean hasDimensions() {
        return width > 0 && height > 0;
    }

    /** Declared width in pixels; 0 until the header has been read. */
    public long width() {
        return width;
    }

    public long height() {
        return height;
    }

    /** EXIF-style orientation the container itself imposes (HEIF irot/imir), or 0 for none. */
    public int containerOrientation() {
        return orientation;
    }

    protected void dimensions(long width, long height) throws MalformedImageException {
        if (width <= 0 || height <= 0) {
            throw new MalformedImageException("header declares an empty image of " + width + "x" + height + " pixels");
        }
        this.width = width;
        this.height = height;
        if (width > maxPixels / height) {
            throw new MalformedImageException("declares " + width + "x" + height + " pixels, over the limit");
        }
    }

    protected void containerOrientation(int orientation) {
        this.orientation = orientation;
    }

    protected void require(long offset, long count, String what) throws MalformedImageException {
        if (offset < 0 || count < 0 || offset + count > data.length) {
            throw new MalformedImageException("file ends inside " + what + " at offset " + offset + " (needs "
                    + count + " bytes, " + Math.max(0, data.length - offset) + " remain)");
        }
    }

    protected int u8(int offset) {
        return data[offset] & 0xFF;
    }

    protected int u16be(int offset) {
        return (u8(offset) << 8) | u8(offset + 1);
    }

    protected long u32be(int offset) {
        return ((long) u16be(offset) << 16) | u16be(offset + 2);
    }

    protected int u16le(int offset) {
        return u8(offset) | (u8(offset + 1) << 8);
    }

    protected int u24le(int offset) {
        return u16le(offset) | (u8(offset + 2) << 16);
    }

    protected long u32le(int offset) {
        return u16le(offset) | ((long) u16le(offset + 2) << 16);
    }

    /** A four-character code, with anything unprintable escaped so it is safe in a message. */
    protected String fourCc(int offset) {
        StringBuilder s = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int c = u8(offset + i);
            s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }
}
