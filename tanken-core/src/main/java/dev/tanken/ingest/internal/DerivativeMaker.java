package dev.tanken.ingest.internal;

import dev.tanken.InvalidPhotoException;
import dev.tanken.ingest.ImageFormat;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoMetadata;
import dev.tanken.model.PictureSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.Orientation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a photo's pixels and makes its served copies: {@link PictureSize#LARGE} and
 * {@link PictureSize#THUMB}, at most that many pixels on the long side (never enlarged), turned
 * upright by the photo's orientation and re-encoded as baseline JPEG. The encoder writes pixels and a
 * JFIF header only, so no EXIF, GPS, XMP or ICC data of the original survives into a copy.
 *
 * <p>The decode is also the last check of the picture, so a photo is believed only once its pixels
 * have been read: for JPEG, PNG and WebP a picture whose pixel data cannot be decoded, ends before the
 * image its header declares is complete, or decodes to another size than its header declares is
 * rejected with an {@link InvalidPhotoException} ("malformed or truncated JPEG: its pixel data ends
 * before the 10000x10000 pixels its header declares"). The message names the problem; the decoder's
 * own exception is only kept as the cause. Nothing has been written when this happens: the uploader
 * makes the copies before it stores anything.
 *
 * <p>The photo is decoded once, and the pixel count the inspector read from its header is checked
 * first, so a hostile header cannot make this allocate more than the limit allows. Large photos are
 * decoded with source subsampling (every n-th pixel of every n-th row), which keeps the decoded image
 * near twice the large size however big the original, so memory stays small while the final resize
 * still has enough pixels for good quality.
 *
 * <p>Pictures this Java runtime cannot decode although they are well-formed are kept as the original
 * only, with a note saying why; that is not an error. They are HEIC (the JDK has no HEVC decoder) and
 * JPEGs whose coding the JDK's decoder lacks (lossless, hierarchical, 12-bit samples), found from the
 * frame header or from the decoder's own "Unsupported ..." refusal. A JPEG whose decoder warns of
 * "extraneous bytes" (bytes left over after the last pixel, which some cameras write) is accepted:
 * all of its pixels were decoded. Lossy WebP (VP8) data is accepted whenever the decoder gets through
 * it, as that format has no way to tell damaged data from valid data.
 */
public final class DerivativeMaker {
    private static final Logger log = LoggerFactory.getLogger(DerivativeMaker.class);

    /** JPEG quality of the copies: visually lossless for photos at a fraction of the size. */
    private static final float QUALITY = 0.85f;

    private final long maxDecodePixels;

    /** @param maxDecodePixels photos with more pixels (per their header) are not decoded */
    public DerivativeMaker(long maxDecodePixels) {
        this.maxDecodePixels = maxDecodePixels;
    }

    /** One served copy. */
    public record Derivative(PictureSize size, byte[] bytes, String sha256, String mediaType, int width, int height) {
    }

    /** The copies, or none and the reason. */
    public record Result(List<Derivative> derivatives, String note) {
        public Result {
            derivatives = List.copyOf(derivatives);
        }
    }

    /**
     * Decodes the photo and makes its copies, or returns none and the reason when the picture is one
     * this runtime cannot decode (or is over the decode limit).
     *
     * @throws InvalidPhotoException if the pixels of a JPEG, PNG or WebP cannot be decoded, are
     *     incomplete, or do not have the size the header declares
     */
    public Result make(Photo photo) {
        PhotoMetadata meta = photo.metadata();
        if (meta.format() == ImageFormat.HEIF) {
            return none("HEIC pictures cannot be decoded by this Java runtime, so only the original is kept");
        }
        if (meta.pixelCount() > maxDecodePixels) {
            return none("the picture has " + meta.pixelCount() + " pixels, more than the " + maxDecodePixels
                    + " that are decoded to make smaller copies");
        }
        if (meta.format() == ImageFormat.JPEG) {
            String encoding = JpegScan.undecodableEncoding(photo.bytes());
            if (encoding != null) {
                return none("the JPEG uses " + encoding + ", which this Java runtime cannot decode, so only the "
                        + "original is kept");
            }
        }
        BufferedImage decoded;
        try {
            decoded = decode(photo.bytes(), meta);
        } catch (UnsupportedEncoding e) {
            return none("the JPEG uses an encoding this Java runtime cannot decode, so only the original is kept");
        }
        if (decoded == null) {
            return none("no decoder for " + meta.format().mediaType() + " pictures, so only the original is kept");
        }
        try {
            BufferedImage large = resize(decoded, PictureSize.LARGE.longSide(), meta.orientation());
            BufferedImage thumb = resize(large, PictureSize.THUMB.longSide(), 1);
            List<Derivative> copies = new ArrayList<>(2);
            copies.add(encode(PictureSize.THUMB, thumb));
            copies.add(encode(PictureSize.LARGE, large));
            return new Result(copies, null);
        } catch (IOException | RuntimeException e) {
            // The pixels were fine; this is our failure, not the picture's: keep the original, say so plainly.
            log.debug("making the copies of a {} picture failed", meta.format(), e);
            return none("the smaller copies could not be made, so only the original is kept");
        }
    }

    private static Result none(String reason) {
        return new Result(List.of(), reason);
    }

    /**
     * Decodes the first image, subsampled to no less than twice the large size, and checks it against
     * the header; null when no decoder is installed for the format.
     */
    private static BufferedImage decode(byte[] bytes, PhotoMetadata meta) {
        String name = displayName(meta.format());
        int longSide = Math.max(meta.width(), meta.height());
        int step = Math.max(1, longSide / (2 * PictureSize.LARGE.longSide()));
        List<String> warnings = new ArrayList<>();
        BufferedImage image;
        int width;
        int height;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true); // metadata is not wanted: only pixels are served
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                width = reader.getWidth(0);
                height = reader.getHeight(0);
                if (width != meta.width() || height != meta.height()) {
                    // Checked before reading: the decoder would allocate for its own idea of the size.
                    throw new InvalidPhotoException("malformed or truncated " + name + ": its header declares "
                            + meta.width() + "x" + meta.height() + " pixels but its image data is " + width + "x"
                            + height);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                image = reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (InvalidPhotoException e) {
            throw e;
        } catch (IIOException e) {
            if (meta.format() == ImageFormat.JPEG && e.getMessage() != null && e.getMessage().startsWith("Unsupported")) {
                // libjpeg's refusal of a well-formed JPEG it has no code for, e.g. "Unsupported JPEG process".
                log.debug("the JPEG decoder does not support this picture", e);
                throw new UnsupportedEncoding();
            }
            throw corrupt(name, e);
        } catch (IOException | RuntimeException e) {
            // Decoders throw all sorts on damaged data (IIOException, EOFException, NullPointerException,
            // ArrayIndexOutOfBoundsException ...), with messages that mean nothing to the uploader.
            throw corrupt(name, e);
        }
        if (image == null || image.getWidth() != ceilDiv(width, step) || image.getHeight() != ceilDiv(height, step)) {
            throw new InvalidPhotoException("malformed or truncated " + name + ": its header declares " + width
                    + "x" + height + " pixels but the decoder produced a different size");
        }
        String corrupt = corruptionWarning(warnings);
        if (corrupt != null) {
            throw new InvalidPhotoException("malformed or truncated " + name + ": " + (corrupt.contains("premature")
                    ? "its pixel data ends before the " + width + "x" + height + " pixels its header declares"
                    : "its pixel data is corrupt"));
        }
        return flatten(image);
    }

    /**
     * The first decoder warning that means pixels were made up rather than decoded: libjpeg's
     * "Premature end of JPEG file" and "Corrupt JPEG data: ..." (bad Huffman code, premature end of
     * data segment, missing restart marker), except "... extraneous bytes before marker", which only
     * says that bytes were left over after the image was complete.
     */
    private static String corruptionWarning(List<String> warnings) {
        for (String warning : warnings) {
            String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || (w.contains("corrupt") && !w.contains("extraneous bytes"))) {
                return w;
            }
        }
        return null;
    }

    private static InvalidPhotoException corrupt(String name, Exception cause) {
        return new InvalidPhotoException("malformed or truncated " + name
                + ": its pixel data is corrupt or incomplete and cannot be decoded", cause);
    }

    /** The decoder refused a picture as one it has no code for, rather than as damaged. */
    private static final class UnsupportedEncoding extends RuntimeException {
        UnsupportedEncoding() {
            super(null, null, false, false);
        }
    }

    private static int ceilDiv(int value, int step) {
        return (value + step - 1) / step;
    }

    private static String displayName(ImageFormat format) {
        return format == ImageFormat.WEBP ? "WebP" : format.name();
    }

    /** Opaque RGB: JPEG has no alpha, and transparent areas become white rather than black. */
    private static BufferedImage flatten(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** Fits the image into a square of {@code longSide} (never enlarging) and applies the orientation. */
    private static BufferedImage resize(BufferedImage image, int longSide, int orientation) throws IOException {
        double scale = Math.min(1.0, (double) longSide / Math.max(image.getWidth(), image.getHeight()));
        Thumbnails.Builder<BufferedImage> builder = Thumbnails.of(image).scale(scale)
                .imageType(BufferedImage.TYPE_INT_RGB);
        if (orientation != 1) {
            builder.addFilter(ExifFilterUtils.getFilterForOrientation(Orientation.typeOf(orientation)));
        }
        return builder.asBufferedImage();
    }

    private static Derivative encode(PictureSize size, BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] bytes = out.toByteArray();
        return new Derivative(size, bytes, sha256Hex(bytes), "image/jpeg", image.getWidth(), image.getHeight());
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
