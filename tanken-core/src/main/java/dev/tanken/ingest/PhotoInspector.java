package dev.tanken.ingest;

import dev.tanken.InvalidInputException;
import dev.tanken.InvalidPhotoException;
import dev.tanken.UnsupportedImageFormatException;
import dev.tanken.StorageException;
import dev.tanken.ingest.internal.ContainerScan;
import dev.tanken.ingest.internal.EmbeddedMetadata;
import dev.tanken.ingest.internal.FormatDetector;
import dev.tanken.ingest.internal.MalformedImageException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Turns bytes into a {@link Photo}: detects the format from the bytes, enforces the
 * {@link IngestLimits}, checks that the container is complete, reads the metadata and hashes the
 * content. Pixels are never decoded here, so the size is the one the header declares; the upload
 * decodes the pixels once, to make the served copies, and rejects a picture whose pixels do not
 * decode to that size (see {@link dev.tanken.ingest.internal.DerivativeMaker}). Checking the declared
 * size against the limits here, first, is what keeps that decode bounded.
 *
 * <p>A caption found in the metadata is cleaned and, when too long, cut rather than rejected; see
 * {@link PhotoMetadata#caption()}.
 *
 * <p>Every rejection is one {@link InvalidPhotoException} whose message names the problem
 * ("unsupported image format: TIFF ...", "malformed or truncated JPEG: ...", "file is too large:
 * ...", "image is too large: ..."). The checks run cheapest first: file size before reading,
 * declared pixel count before looking at the metadata. Thread-safe.
 */
public final class PhotoInspector {
    private static final long MIB = 1024 * 1024;

    private final IngestLimits limits;

    public PhotoInspector(IngestLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public IngestLimits limits() {
        return limits;
    }

    /**
     * Reads and inspects a photo file. The size is checked with {@link Files#size} before anything is
     * read, then the file is read into memory exactly once.
     *
     * @throws InvalidPhotoException if the content is not an acceptable photo
     * @throws InvalidInputException if the file does not exist, is not a regular file or is not readable
     * @throws StorageException on any other I/O failure
     */
    public Photo read(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(Files.exists(file)
                        ? "not a regular file: " + file
                        : "photo file not found: " + file);
            }
            long size = Files.size(file);
            checkFileSize(size);
            byte[] bytes = new byte[(int) size];
            try (InputStream in = Files.newInputStream(file)) {
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read != bytes.length || in.read() != -1) {
                    throw new InvalidInputException("photo file changed while it was being read: " + file);
                }
            }
            return inspect(bytes);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("photo file not found: " + file, e);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException("photo file is not readable: " + file, e);
        } catch (IOException e) {
            throw new StorageException("cannot read photo file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Inspects a photo held in memory. The array is kept, not copied, in the returned {@link Photo}.
     *
     * @throws InvalidPhotoException if the bytes are not an acceptable photo
     */
    public Photo inspect(byte[] bytes) {
        if (bytes == null) {
            throw new InvalidInputException("photo bytes must not be null");
        }
        checkFileSize(bytes.length);
        if (bytes.length == 0) {
            throw new UnsupportedImageFormatException("empty file (0 bytes) is not a photo");
        }
        // A photo cut short inside its signature is a damaged photo (rejected), not another kind of file.
        FormatDetector.truncatedSignature(bytes).ifPresent(problem -> {
            throw new InvalidPhotoException(problem);
        });
        ImageFormat format = FormatDetector.detect(bytes).orElseThrow(() -> new UnsupportedImageFormatException(
                "unsupported image format: " + FormatDetector.describeUnsupported(bytes)
                        + "; accepted formats are JPEG, HEIF/HEIC, PNG and WebP"));

        ContainerScan scan = ContainerScan.of(format, bytes, limits.maxPixels());
        MalformedImageException defect = null;
        try {
            scan.scan();
        } catch (MalformedImageException e) {
            defect = e;
        }
        // A header that declares a huge image is the more useful complaint, even if the file is also cut.
        if (scan.hasDimensions()) {
            checkPixels(scan.width(), scan.height());
        }
        if (defect != null) {
            throw malformed(format, defect);
        }
        if (scan.width() > Integer.MAX_VALUE || scan.height() > Integer.MAX_VALUE) {
            throw malformed(format, new MalformedImageException(
                    "declared size " + scan.width() + "x" + scan.height() + " is out of range"));
        }

        EmbeddedMetadata embedded;
        try {
            embedded = EmbeddedMetadata.read(format, bytes);
        } catch (MalformedImageException e) {
            throw malformed(format, e);
        }
        int orientation = scan.containerOrientation() != 0 ? scan.containerOrientation()
                : embedded.orientation() != 0 ? embedded.orientation() : 1;
        PhotoMetadata metadata = new PhotoMetadata(format, (int) scan.width(), (int) scan.height(), orientation,
                embedded.location(), embedded.takenAt(), embedded.caption());
        return new Photo(bytes, sha256(bytes), metadata);
    }

    private void checkFileSize(long size) {
        if (size > limits.maxFileBytes()) {
            throw new InvalidPhotoException("file is too large: " + megabytes(size) + " MiB (" + size
                    + " bytes); the limit is " + megabytes(limits.maxFileBytes()) + " MiB ("
                    + limits.maxFileBytes() + " bytes)");
        }
    }

    private void checkPixels(long width, long height) {
        // Two 32-bit dimensions can multiply past Long.MAX_VALUE.
        BigDecimal pixels = BigDecimal.valueOf(width).multiply(BigDecimal.valueOf(height));
        if (pixels.compareTo(BigDecimal.valueOf(limits.maxPixels())) > 0) {
            throw new InvalidPhotoException("image is too large: " + width + "x" + height + " pixels ("
                    + megapixels(pixels) + " MP); the limit is " + megapixels(BigDecimal.valueOf(limits.maxPixels()))
                    + " MP (" + limits.maxPixels() + " pixels)");
        }
    }

    private static InvalidPhotoException malformed(ImageFormat format, MalformedImageException defect) {
        String name = format == ImageFormat.WEBP ? "WebP" : format.name();
        return new InvalidPhotoException("malformed or truncated " + name + ": " + defect.getMessage(), defect);
    }

    /** Three significant digits, so that both 50 MiB and a 1 000-byte test limit read sensibly. */
    private static String megabytes(long bytes) {
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(MIB), new MathContext(3))
                .stripTrailingZeros().toPlainString();
    }

    private static String megapixels(BigDecimal pixels) {
        return pixels.divide(BigDecimal.valueOf(1_000_000), new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
