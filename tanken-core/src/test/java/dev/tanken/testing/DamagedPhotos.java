package dev.tanken.testing;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Pictures damaged on purpose, made from well-formed ones by patching their bytes: every container
 * length, marker and CRC stays valid, so the damage is only found by decoding the pixels.
 */
public final class DamagedPhotos {
    private static final int SOF0 = 0xC0;
    private static final int DHT = 0xC4;
    private static final int SOS = 0xDA;

    private DamagedPhotos() {
    }

    /** The JPEG with its frame header (SOF) claiming {@code width x height}; the pixel data is unchanged. */
    public static byte[] jpegClaimingSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        int sof = segment(out, SOF0);
        putU16(out, sof + 5, height);
        putU16(out, sof + 7, width);
        return out;
    }

    /** The JPEG with the frame marker changed, e.g. to 0xC3 (lossless), leaving the rest as it was. */
    public static byte[] jpegWithFrameMarker(byte[] jpeg, int marker) {
        byte[] out = jpeg.clone();
        out[segment(out, SOF0) + 1] = (byte) marker;
        return out;
    }

    /** The JPEG with its frame header declaring samples of this many bits (libjpeg in the JDK decodes 8 only). */
    public static byte[] jpegWithSamplePrecision(byte[] jpeg, int bits) {
        byte[] out = jpeg.clone();
        out[segment(out, SOF0) + 4] = (byte) bits;
        return out;
    }

    /** The JPEG with its first Huffman table declaring more codes than a table can hold. */
    public static byte[] jpegWithBogusHuffmanTable(byte[] jpeg) {
        byte[] out = jpeg.clone();
        int dht = segment(out, DHT);
        // Marker (2), length (2), class and id (1), then the 16 code counts.
        Arrays.fill(out, dht + 5, dht + 21, (byte) 0x7F);
        return out;
    }

    /** The JPEG with its entropy-coded data cut after {@code keep} bytes, then EOI, as a cut download "repaired". */
    public static byte[] jpegWithImageDataCut(byte[] jpeg, int keep) {
        int sos = segment(jpeg, SOS);
        int dataStart = sos + 2 + u16(jpeg, sos + 2);
        byte[] out = Arrays.copyOf(jpeg, dataStart + keep + 2);
        if ((out[dataStart + keep - 1] & 0xFF) == 0xFF) {
            out[dataStart + keep - 1] = 0; // do not leave half a marker before EOI
        }
        out[out.length - 2] = (byte) 0xFF;
        out[out.length - 1] = (byte) 0xD9;
        return out;
    }

    /** A well-formed 4-channel (CMYK-like) JPEG of seeded noise, as the JDK's writer writes a 4-band raster. */
    public static byte[] cmykJpeg(int width, int height) {
        WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4,
                null);
        Random random = new Random(4);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int b = 0; b < 4; b++) {
                    raster.setSample(x, y, b, random.nextInt(256));
                }
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A {@code width x height} PNG of seeded noise, as ImageIO writes it. */
    public static byte[] png(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The PNG with its IHDR claiming {@code width x height} and a correct CRC; the image data is unchanged. */
    public static byte[] pngClaimingSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        int ihdr = 8;
        putU32(out, ihdr + 8, width);
        putU32(out, ihdr + 12, height);
        fixPngCrc(out, ihdr);
        return out;
    }

    /** The PNG with 64 bytes in the middle of its first IDAT flipped and the chunk's CRC recomputed to match. */
    public static byte[] pngWithCorruptImageData(byte[] png) {
        byte[] out = png.clone();
        int idat = pngChunk(out, "IDAT");
        int length = u32(out, idat);
        for (int i = idat + 8 + length / 2; i < idat + 8 + length / 2 + 64; i++) {
            out[i] ^= 0x5A;
        }
        fixPngCrc(out, idat);
        return out;
    }

    /** The PNG with the last byte of its first IDAT's CRC changed: the data is intact, the checksum is not. */
    public static byte[] pngWithBadImageDataCrc(byte[] png) {
        byte[] out = png.clone();
        int idat = pngChunk(out, "IDAT");
        out[idat + 8 + u32(out, idat) + 3] ^= 0x01;
        return out;
    }

    /**
     * The WebP with 30 bytes of its VP8 or VP8L bitstream, from its 10th byte on (after the frame
     * header that carries the size), overwritten with 0xFF; the RIFF container stays valid.
     */
    public static byte[] webpWithBrokenStream(byte[] webp) {
        byte[] out = webp.clone();
        int chunk = webpImageChunk(out);
        Arrays.fill(out, chunk + 8 + 10, chunk + 8 + 40, (byte) 0xFF);
        return out;
    }

    /** The WebP (which must start with a VP8X chunk) with its canvas claiming {@code width x height}. */
    public static byte[] webpClaimingCanvas(byte[] webp, int width, int height) {
        byte[] out = webp.clone();
        if (!new String(out, 12, 4, StandardCharsets.US_ASCII).equals("VP8X")) {
            throw new IllegalArgumentException("WebP does not start with a VP8X chunk");
        }
        putU24le(out, 12 + 8 + 4, width - 1);
        putU24le(out, 12 + 8 + 7, height - 1);
        return out;
    }

    /** Offset of the first JPEG marker segment of this type (its 0xFF byte). */
    private static int segment(byte[] jpeg, int marker) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("no marker at offset " + pos);
            }
            if ((jpeg[pos + 1] & 0xFF) == marker) {
                return pos;
            }
            if ((jpeg[pos + 1] & 0xFF) == SOS) {
                break;
            }
            pos += 2 + u16(jpeg, pos + 2);
        }
        throw new IllegalArgumentException(String.format("no 0xFF%02X segment before the image data", marker));
    }

    private static int pngChunk(byte[] png, String type) {
        int pos = 8;
        while (pos + 8 <= png.length) {
            if (new String(png, pos + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
                return pos;
            }
            pos += 12 + u32(png, pos);
        }
        throw new IllegalArgumentException("no " + type + " chunk");
    }

    private static int webpImageChunk(byte[] webp) {
        int pos = 12;
        while (pos + 8 <= webp.length) {
            String type = new String(webp, pos, 4, StandardCharsets.US_ASCII);
            if (type.equals("VP8 ") || type.equals("VP8L")) {
                return pos;
            }
            int size = (webp[pos + 4] & 0xFF) | (webp[pos + 5] & 0xFF) << 8 | (webp[pos + 6] & 0xFF) << 16
                    | (webp[pos + 7] & 0xFF) << 24;
            pos += 8 + size + (size & 1);
        }
        throw new IllegalArgumentException("no VP8 or VP8L chunk");
    }

    private static void fixPngCrc(byte[] png, int chunk) {
        int length = u32(png, chunk);
        CRC32 crc = new CRC32();
        crc.update(png, chunk + 4, 4 + length);
        putU32(png, chunk + 8 + length, (int) crc.getValue());
    }

    private static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 8 | (b[offset + 1] & 0xFF);
    }

    private static int u32(byte[] b, int offset) {
        return u16(b, offset) << 16 | u16(b, offset + 2);
    }

    private static void putU16(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }

    private static void putU32(byte[] b, int offset, int value) {
        putU16(b, offset, value >>> 16);
        putU16(b, offset + 2, value);
    }

    private static void putU24le(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
        b[offset + 2] = (byte) (value >>> 16);
    }
}
