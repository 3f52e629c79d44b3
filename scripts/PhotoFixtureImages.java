import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Pixel and byte sources for scripts/make-photo-fixtures.sh, run as a single-file program
 * ({@code java scripts/PhotoFixtureImages.java ...}). ImageMagick is not assumed, so base images
 * come from ImageIO; exiftool, heif-enc and cwebp add the rest. Everything is seeded, so a rerun
 * produces the same pixels.
 *
 * <pre>
 * image  WIDTH HEIGHT SEED OUT.(jpg|png|tif|gif|bmp)   a small synthetic picture
 * scene  WIDTH HEIGHT SEED TITLE OUT.jpg               a labelled picture for samples/
 * random LENGTH SEED OUT                               seeded random bytes
 * resize-jpeg-header IN WIDTH HEIGHT OUT               rewrites the SOF dimensions only
 * garbage-exif IN SEED OUT                             inserts an APP1 "Exif" segment of noise
 * </pre>
 */
public final class PhotoFixtureImages {

    public static void main(String[] args) throws IOException {
        switch (args.length == 0 ? "" : args[0]) {
            case "image" -> write(picture(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Long.parseLong(args[3])), Path.of(args[4]));
            case "scene" -> write(scene(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Long.parseLong(args[3]), args[4]), Path.of(args[5]));
            case "random" -> {
                byte[] bytes = new byte[Integer.parseInt(args[1])];
                new Random(Long.parseLong(args[2])).nextBytes(bytes);
                Files.write(Path.of(args[3]), bytes);
            }
            case "resize-jpeg-header" -> Files.write(Path.of(args[4]),
                    resizeJpegHeader(Files.readAllBytes(Path.of(args[1])),
                            Integer.parseInt(args[2]), Integer.parseInt(args[3])));
            case "garbage-exif" -> Files.write(Path.of(args[3]),
                    garbageExif(Files.readAllBytes(Path.of(args[1])), Long.parseLong(args[2])));
            default -> {
                System.err.println("usage: see the class comment of PhotoFixtureImages.java");
                System.exit(2);
            }
        }
    }

    /** Smooth gradients with a few seeded discs: compresses well, so fixtures stay small. */
    static BufferedImage picture(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, randomColor(random), width, height, randomColor(random)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 4; i++) {
            g.setColor(randomColor(random));
            int d = 8 + random.nextInt(Math.max(1, Math.min(width, height) / 2));
            g.fillOval(random.nextInt(width), random.nextInt(height), d, d);
        }
        // An arrow pointing to the top of the stored pixels makes orientation tags visible by eye.
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(3));
        g.drawLine(width / 2, height - 10, width / 2, 10);
        g.drawLine(width / 2, 10, width / 2 - 10, 22);
        g.drawLine(width / 2, 10, width / 2 + 10, 22);
        g.dispose();
        return image;
    }

    /** A sky, a ground and a caption, so that the sample photos are recognisable in a viewer. */
    static BufferedImage scene(int width, int height, long seed, String title) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int horizon = height * 2 / 3;
        g.setPaint(new GradientPaint(0, 0, new Color(70 + random.nextInt(60), 130 + random.nextInt(60), 230),
                0, horizon, new Color(230, 200 + random.nextInt(40), 170)));
        g.fillRect(0, 0, width, horizon);
        g.setColor(new Color(60 + random.nextInt(40), 110 + random.nextInt(50), 60));
        g.fillRect(0, horizon, width, height - horizon);
        for (int x = 0; x < width; ) {
            int w = 12 + random.nextInt(30);
            int h = 20 + random.nextInt(horizon - 30);
            g.setColor(new Color(40 + random.nextInt(80), 40 + random.nextInt(80), 60 + random.nextInt(80)));
            g.fillRect(x, horizon - h, w - 2, h);
            x += w;
        }
        g.setColor(new Color(255, 230, 120));
        g.fillOval(width - 50 - random.nextInt(60), 12 + random.nextInt(20), 28, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(new Color(0, 0, 0, 140));
        g.fillRect(0, height - 28, width, 28);
        g.setColor(Color.WHITE);
        g.drawString(title, 8, height - 9);
        g.dispose();
        return image;
    }

    private static Color randomColor(Random random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    private static void write(BufferedImage image, Path out) throws IOException {
        String name = out.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase();
        byte[] bytes = switch (format) {
            case "jpg", "jpeg" -> jpeg(image, 0.85f);
            case "png" -> encode(image, "png");
            case "tif", "tiff" -> encode(image, "tiff");
            case "gif" -> encode(image, "gif");
            case "bmp" -> encode(image, "bmp");
            default -> throw new IllegalArgumentException("unknown output type: " + name);
        };
        Files.write(out, bytes);
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Patches every SOFn segment so the header claims a size the file does not hold. */
    static byte[] resizeJpegHeader(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        int pos = 2;
        boolean patched = false;
        while (pos + 4 <= out.length && (out[pos] & 0xFF) == 0xFF) {
            int marker = out[pos + 1] & 0xFF;
            int length = ((out[pos + 2] & 0xFF) << 8) | (out[pos + 3] & 0xFF);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                out[pos + 5] = (byte) (height >> 8);
                out[pos + 6] = (byte) height;
                out[pos + 7] = (byte) (width >> 8);
                out[pos + 8] = (byte) width;
                patched = true;
            }
            if (marker == 0xDA) {
                break;
            }
            pos += 2 + length;
        }
        if (!patched) {
            throw new IllegalArgumentException("no SOF segment before the first scan");
        }
        return out;
    }

    /**
     * A valid big-endian TIFF header followed by noise: parsers get far enough to follow bogus
     * counts and offsets, which is what a damaged EXIF block looks like in the wild.
     */
    static byte[] garbageExif(byte[] jpeg, long seed) {
        byte[] noise = new byte[600];
        new Random(seed).nextBytes(noise);
        byte[] header = {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8};
        int length = 2 + header.length + noise.length;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xE1;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(header, 0, out, 6, header.length);
        System.arraycopy(noise, 0, out, 6 + header.length, noise.length);
        System.arraycopy(jpeg, 2, out, 4 + length, jpeg.length - 2);
        return out;
    }
}
