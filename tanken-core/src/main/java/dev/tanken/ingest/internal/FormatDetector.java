package dev.tanken.ingest.internal;

import com.drew.imaging.FileType;
import com.drew.imaging.FileTypeDetector;
import dev.tanken.ingest.ImageFormat;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the format from the leading bytes (magic numbers), never from a file name. Anything that is
 * not one of the accepted formats is named with metadata-extractor's {@link FileTypeDetector}, so
 * the rejection can say "TIFF" rather than "unknown".
 */
public final class FormatDetector {
    /** HEIF brands that promise HEVC-coded images; see ISO/IEC 23008-12 Annex B. */
    private static final Set<String> HEVC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx");

    private FormatDetector() {
    }

    public static Optional<ImageFormat> detect(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return Optional.of(ImageFormat.JPEG);
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && ascii(b, 1, 3).equals("PNG") && b[4] == '\r' && b[5] == '\n'
                && b[6] == 0x1A && b[7] == '\n') {
            return Optional.of(ImageFormat.PNG);
        }
        if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
            return Optional.of(ImageFormat.WEBP);
        }
        if (hasHevcBrand(b)) {
            return Optional.of(ImageFormat.HEIF);
        }
        return Optional.empty();
    }

    /**
     * What a file is when it starts like an accepted format but ends before that format's
     * signature does: a photo cut short, not some other kind of file. Empty when it is not.
     */
    public static Optional<String> truncatedSignature(byte[] b) {
        if (b.length >= 2 && b.length < 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return Optional.of("truncated JPEG: the file ends after " + b.length + " bytes, inside its start marker");
        }
        if (b.length >= 8 && b.length < 16 && ascii(b, 4, 4).equals("ftyp")) {
            return Optional.of("truncated HEIF/ISO media file: the file ends after " + b.length
                    + " bytes, inside its 'ftyp' box, before any brand says what it holds");
        }
        return Optional.empty();
    }

    /** A short human name for bytes that {@link #detect} rejected, e.g. "TIFF" or "AVIF". */
    public static String describeUnsupported(byte[] b) {
        if (b.length == 0) {
            return "an empty file";
        }
        FileType type;
        try {
            type = FileTypeDetector.detectFileType(new BufferedInputStream(new ByteArrayInputStream(b)));
        } catch (IOException | RuntimeException e) {
            type = FileType.Unknown;
        }
        if (type == FileType.Unknown) {
            return "unrecognised data";
        }
        if (type == FileType.Heif) {
            return "HEIF without an HEVC brand (" + brands(b) + ")";
        }
        return type.getName() + " (" + type.getLongName() + ")";
    }

    /** Checks the 'ftyp' box that must open an ISO-BMFF file for an HEVC brand. */
    private static boolean hasHevcBrand(byte[] b) {
        if (b.length < 16 || !ascii(b, 4, 4).equals("ftyp")) {
            return false;
        }
        long size = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        int end = (int) Math.min(Math.max(size, 16), b.length);
        if (HEVC_BRANDS.contains(ascii(b, 8, 4))) {
            return true;
        }
        for (int pos = 16; pos + 4 <= end; pos += 4) {
            if (HEVC_BRANDS.contains(ascii(b, pos, 4))) {
                return true;
            }
        }
        return false;
    }

    private static String brands(byte[] b) {
        if (b.length < 12) {
            return "no brands";
        }
        return "brand '" + printable(ascii(b, 8, 4)) + "'";
    }

    private static String ascii(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
