package dev.tanken.ingest;

/**
 * The picture formats Tanken accepts. The format of a photo is always detected from its bytes,
 * never from a file name.
 */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg"),
    /**
     * HEIF holding HEVC-coded images (what phones call HEIC). Files that carry no HEVC brand, such
     * as AVIF, are rejected, so the media type is always {@code image/heic}.
     */
    HEIF("image/heic", "heic"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp");

    private final String mediaType;
    private final String extension;

    ImageFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** The IANA media type, e.g. {@code image/jpeg}. */
    public String mediaType() {
        return mediaType;
    }

    /** The usual file name extension, lower case and without a dot, e.g. {@code jpg}. */
    public String extension() {
        return extension;
    }
}
