package dev.tanken.testing;

import dev.tanken.model.TakenAt;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import javax.imageio.ImageIO;
import java.util.List;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcRecord;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcTypes;
import org.apache.commons.imaging.formats.jpeg.iptc.JpegIptcRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.PhotoshopApp13Data;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoAscii;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Real, geotagged JPEG photos made at run time, for tests that need many distinct pictures (imports,
 * duplicate detection, nearby searches). Shared with other modules through tanken-core's test-jar.
 *
 * <p>Each call with a different {@code seed} yields different pixels and therefore a different
 * SHA-256; the same arguments always yield the same bytes. Pictures are 32x24 pixels and about 1 KB.
 * GPS is written as EXIF degrees/minutes/seconds rationals with N/S and E/W references, accurate to
 * better than 1e-6 degrees.
 */
public final class TestPhotos {
    /** The committed sample photos, found from the working directory of any module's tests. */
    public static final java.nio.file.Path FIXTURES = fixtures();

    private static java.nio.file.Path fixtures() {
        for (java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            java.nio.file.Path photos = dir.resolve("tanken-core/src/test/resources/photos");
            if (java.nio.file.Files.isDirectory(photos)) {
                return photos;
            }
        }
        throw new IllegalStateException("tanken-core/src/test/resources/photos not found above "
                + java.nio.file.Path.of("").toAbsolutePath());
    }

    public static final int WIDTH = 32;
    public static final int HEIGHT = 24;

    /** EXIF 2.31 OffsetTimeOriginal, which commons-imaging has no constant for. */
    private static final TagInfoAscii OFFSET_TIME_ORIGINAL = new TagInfoAscii("OffsetTimeOriginal", 0x9011, 7,
            TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);
    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    private TestPhotos() {
    }

    /** A JPEG tagged with this position and nothing else. */
    public static byte[] jpeg(double latitude, double longitude, long seed) {
        return jpeg(latitude, longitude, seed, null);
    }

    /**
     * A JPEG tagged with this position and, unless {@code takenAt} is null, DateTimeOriginal (plus
     * OffsetTimeOriginal when {@code takenAt} has an offset).
     */
    public static byte[] jpeg(double latitude, double longitude, long seed, TakenAt takenAt) {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            exif.setGpsInDegrees(longitude, latitude);
            addTakenAt(exif, takenAt);
            return withExif(pixels(seed), exif);
        } catch (ImagingException e) {
            throw new IllegalStateException("cannot write EXIF", e);
        }
    }

    /** A JPEG tagged with this position and an EXIF ImageDescription, as cameras and exiftool write it. */
    public static byte[] jpegWithDescription(double latitude, double longitude, long seed, String imageDescription) {
        return jpegWithDescriptions(latitude, longitude, seed, imageDescription, null, null);
    }

    /**
     * A JPEG tagged with this position and a description in each place that is not null: EXIF
     * ImageDescription (bytes as UTF-8, as exiftool writes them), XMP dc:description (its x-default
     * entry) and IPTC Caption/Abstract (marked as UTF-8), for tests of which of them makes the caption.
     */
    public static byte[] jpegWithDescriptions(double latitude, double longitude, long seed, String exifDescription,
            String xmpDescription, String iptcCaption) {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            exif.setGpsInDegrees(longitude, latitude);
            if (exifDescription != null) {
                exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_IMAGE_DESCRIPTION, exifDescription);
            }
            byte[] jpeg = withExif(pixels(seed), exif);
            if (xmpDescription != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new JpegXmpRewriter().updateXmpXml(jpeg, out, xmpPacket(xmpDescription));
                jpeg = out.toByteArray();
            }
            if (iptcCaption != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new JpegIptcRewriter().writeIptc(jpeg, out, new PhotoshopApp13Data(
                        List.of(new IptcRecord(IptcTypes.CAPTION_ABSTRACT, iptcCaption)), List.of(), true));
                jpeg = out.toByteArray();
            }
            return jpeg;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write metadata", e);
        }
    }

    /** Writes {@link #jpegWithDescription} to {@code dir/name} and returns the path. */
    public static Path writeJpeg(Path dir, String name, double latitude, double longitude, long seed,
            String imageDescription) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), jpegWithDescription(latitude, longitude, seed, imageDescription));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JPEG without GPS, for tests of photos that need a location supplied by hand. */
    public static byte[] jpegWithoutLocation(long seed, TakenAt takenAt) {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            addTakenAt(exif, takenAt);
            return exif.isEmpty() ? pixels(seed) : withExif(pixels(seed), exif);
        } catch (ImagingException e) {
            throw new IllegalStateException("cannot write EXIF", e);
        }
    }

    /**
     * A {@code width x height} JPEG whose stored pixels are red on the left half and blue on the right,
     * tagged with this position and EXIF orientation (1..8), for tests of resizing and turning upright.
     */
    public static byte[] twoToneJpeg(int width, int height, double latitude, double longitude, int orientation) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            g.setColor(java.awt.Color.RED);
            g.fillRect(0, 0, width / 2, height);
            g.setColor(java.awt.Color.BLUE);
            g.fillRect(width / 2, 0, width - width / 2, height);
        } finally {
            g.dispose();
        }
        try {
            TiffOutputSet exif = new TiffOutputSet();
            exif.setGpsInDegrees(longitude, latitude);
            exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
            return withExif(encode(image), exif);
        } catch (ImagingException e) {
            throw new IllegalStateException("cannot write EXIF", e);
        }
    }

    /** Writes {@link #jpeg(double, double, long)} to {@code dir/name} and returns the path. */
    public static Path writeJpeg(Path dir, String name, double latitude, double longitude, long seed) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), jpeg(latitude, longitude, seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addTakenAt(TiffOutputSet exif, TakenAt takenAt) throws ImagingException {
        if (takenAt == null) {
            return;
        }
        TiffOutputDirectory exifDirectory = exif.getOrCreateExifDirectory();
        exifDirectory.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL,
                EXIF_TIME.format(takenAt.localDateTime()));
        if (takenAt.offset() != null) {
            exifDirectory.add(OFFSET_TIME_ORIGINAL, takenAt.offset().getId().equals("Z")
                    ? "+00:00" : takenAt.offset().getId());
        }
    }

    private static String xmpPacket(String description) {
        String escaped = description.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                + "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + escaped + "</rdf:li></rdf:Alt>"
                + "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>";
    }

    /** Seeded noise, so that every seed gives different pixels (and JPEG compression keeps them apart). */
    private static byte[] pixels(long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return encode(image);
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpeg", out)) {
                throw new IllegalStateException("no JPEG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] withExif(byte[] jpeg, TiffOutputSet exif) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write EXIF", e);
        }
        return out.toByteArray();
    }
}
