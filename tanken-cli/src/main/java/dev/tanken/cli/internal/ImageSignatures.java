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
    private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1");

    private ImageSignatures() {
    }

    /** True when the file starts like a JPEG, PNG, WebP or HEIF image; false if it cannot be read. */
    static boolean looksLikeImage(Path file) {
        byte[] head = new byte[12];
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
        return head.length >= 12 && ascii(head, 4).equals("ftyp") && HEIF_BRANDS.contains(ascii(head, 8));
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.ISO_8859_1);
    }
}
