package dev.tanken.ingest;

import dev.tanken.InvalidInputException;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.TakenAt;
import dev.tanken.model.Validation;
import java.util.Objects;

/**
 * What Tanken needs to know about a photo, read from its header and embedded metadata.
 *
 * @param format the format detected from the bytes
 * @param width stored pixel width, before {@code orientation} is applied
 * @param height stored pixel height, before {@code orientation} is applied
 * @param orientation EXIF orientation code 1..8 telling a viewer how to turn the stored pixels
 *     upright (1 = as stored, 6 = rotate 90&deg; clockwise, ...); 1 when the photo says nothing. For
 *     HEIF it is derived from the {@code irot}/{@code imir} properties when present, because HEIF
 *     readers apply those and ignore the EXIF tag.
 * @param location where the photo was taken, with altitude when recorded; null when the photo has no
 *     usable GPS position (absent, partial, out of range or exactly 0,0)
 * @param takenAt the EXIF DateTimeOriginal with its OffsetTimeOriginal when present; null when absent
 * @param caption the photo's own description, the first usable one of EXIF ImageDescription, XMP
 *     dc:description and IPTC Caption/Abstract: trimmed, without control characters, NFC-normalised and
 *     cut to {@link Validation#MAX_CAPTION_LENGTH} code points (ending in "…") when longer, so that it
 *     never makes an upload fail. Null when the photo has none or only a placeholder a camera writes
 *     ("OLYMPUS DIGITAL CAMERA", "SONY DSC", blanks, ...). An upload without a caption of its own takes
 *     this one.
 */
public record PhotoMetadata(ImageFormat format, int width, int height, int orientation, GeoPoint location,
        TakenAt takenAt, String caption) {

    public PhotoMetadata {
        Objects.requireNonNull(format, "format");
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("photo size must be positive, got " + width + "x" + height);
        }
        if (orientation < 1 || orientation > 8) {
            throw new InvalidInputException("orientation must be an EXIF code 1..8, got " + orientation);
        }
        if (caption != null) {
            caption = Validation.caption(caption);
        }
    }

    /** Metadata of a photo that carries no caption of its own. */
    public PhotoMetadata(ImageFormat format, int width, int height, int orientation, GeoPoint location,
            TakenAt takenAt) {
        this(format, width, height, orientation, location, takenAt, null);
    }

    /** Width &times; height of the stored picture. */
    public long pixelCount() {
        return (long) width * height;
    }
}
