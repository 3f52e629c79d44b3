package dev.tanken.ingest.internal;

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

/**
 * Makes the served copies of a photo: {@link PictureSize#LARGE} and {@link PictureSize#THUMB}, at
 * most that many pixels on the long side (never enlarged), turned upright by the photo's orientation
 * and re-encoded as baseline JPEG. The encoder writes pixels and a JFIF header only, so no EXIF, GPS,
 * XMP or ICC data of the original survives into a copy.
 *
 * <p>The photo is decoded once, and the pixel count the inspector read from its header is checked
 * first. Large photos are decoded with source subsampling (every n-th pixel of every n-th row), which
 * keeps the decoded image near twice the large size however big the original, so memory stays small
 * while the final resize still has enough pixels for good quality.
 *
 * <p>A photo that cannot be decoded here (HEIC: the JDK has no HEVC decoder; a damaged or exotic
 * encoding) gets no copies and a note saying why; that is not an error.
 */
public final class DerivativeMaker {
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

    public Result make(Photo photo) {
        PhotoMetadata meta = photo.metadata();
        if (meta.format() == ImageFormat.HEIF) {
            return none("HEIC pictures cannot be decoded by this Java runtime, so only the original is kept");
        }
        if (meta.pixelCount() > maxDecodePixels) {
            return none("the picture has " + meta.pixelCount() + " pixels, more than the " + maxDecodePixels
                    + " that are decoded to make smaller copies");
        }
        BufferedImage decoded;
        try {
            decoded = decode(photo.bytes(), meta);
        } catch (IOException | RuntimeException e) {
            // Decoders throw a variety of unchecked exceptions on damaged data; none may fail the upload.
            return none("the " + meta.format().extension() + " picture could not be decoded (" + e.getMessage()
                    + "), so only the original is kept");
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
            return none("the smaller copies could not be made (" + e.getMessage() + "), so only the original is kept");
        }
    }

    private static Result none(String reason) {
        return new Result(List.of(), reason);
    }

    /** Decodes the first image, subsampled to no less than twice the large size; null without a reader. */
    private static BufferedImage decode(byte[] bytes, PhotoMetadata meta) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true); // metadata is not wanted: only pixels are served
                ImageReadParam param = reader.getDefaultReadParam();
                int longSide = Math.max(meta.width(), meta.height());
                int step = Math.max(1, longSide / (2 * PictureSize.LARGE.longSide()));
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                return flatten(reader.read(0, param));
            } finally {
                reader.dispose();
            }
        }
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
