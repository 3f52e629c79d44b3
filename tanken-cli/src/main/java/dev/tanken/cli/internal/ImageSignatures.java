package dev.tanken.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Tells a damaged photo from a file that is no photo at all by its leading bytes. Consulted only
 * after Tanken rejected a file, so a good photo is still read exactly once.
 */
final class ImageSignatures {
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Brands of HEVC-coded HEIF; generic brands such as mif1 also cover AVIF, which Tanken refuses. */
    private static final Set<String> HEVC_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis");
    private static final int HEAD = 64;

    private ImageSignatures() {
    }

    /** True when the file starts like a JPEG, PNG, WebP or HEIC image; false if it cannot be read. */
    static boolean looksLikeImage(Path file) {
        byte[] head = new byte[HEAD];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        return looksLikeImage(Arrays.copyOf(head, n));
    }

    static boolean looksLikeImage(byte[] head) {
        if (startsWith(head, JPEG) || startsWith(head, PNG)) {
            return true;
        }
        if (head.length >= 12 && ascii(head, 0).equals("RIFF") && ascii(head, 8).equals("WEBP")) {
            return true;
        }
        return head.length >= 12 && ascii(head, 4).equals("ftyp") && hasHevcBrand(head);
    }

    /** The ftyp box: size, "ftyp", major brand, minor version, then compatible brands. */
    private static boolean hasHevcBrand(byte[] head) {
        if (HEVC_BRANDS.contains(ascii(head, 8))) {
            return true;
        }
        long boxSize = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        int end = (int) Math.min(boxSize, head.length);
        for (int i = 16; i + 4 <= end; i += 4) {
            if (HEVC_BRANDS.contains(ascii(head, i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.ISO_8859_1);
    }
}
