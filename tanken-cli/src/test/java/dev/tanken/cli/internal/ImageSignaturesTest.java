package dev.tanken.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSignaturesTest {
    @TempDir
    Path dir;

    private static byte[] ftyp(String major, String... compatible) {
        ByteBuffer box = ByteBuffer.allocate(16 + 4 * compatible.length);
        box.putInt(box.capacity()).put(ascii("ftyp")).put(ascii(major)).putInt(0);
        for (String brand : compatible) {
            box.put(ascii(brand));
        }
        return box.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void recognisesTheFormatsTankenAccepts() {
        assertThat(ImageSignatures.looksLikeImage(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1})).isTrue();
        assertThat(ImageSignatures.looksLikeImage(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})).isTrue();
        assertThat(ImageSignatures.looksLikeImage(ascii("RIFF\0\0\0\0WEBPVP8 "))).isTrue();
        assertThat(ImageSignatures.looksLikeImage(ftyp("heic", "mif1", "heic"))).isTrue();
        assertThat(ImageSignatures.looksLikeImage(ftyp("mif1", "mif1", "heic"))).isTrue();
    }

    @Test
    void rejectsEverythingElse() {
        assertThat(ImageSignatures.looksLikeImage(new byte[0])).isFalse();
        assertThat(ImageSignatures.looksLikeImage(ascii("shot list: temples"))).isFalse();
        assertThat(ImageSignatures.looksLikeImage(ascii("GIF89a\0\0\0\0\0\0"))).isFalse();
        assertThat(ImageSignatures.looksLikeImage(ascii("RIFF\0\0\0\0WAVEfmt "))).isFalse();
        assertThat(ImageSignatures.looksLikeImage(ftyp("avif", "mif1", "avif"))).isFalse();
        assertThat(ImageSignatures.looksLikeImage(ftyp("mif1", "mif1", "avif"))).isFalse();
        assertThat(ImageSignatures.looksLikeImage(ftyp("isom", "isom", "mp41"))).isFalse();
    }

    @Test
    void readsOnlyTheHeadOfAFile() throws Exception {
        byte[] jpegHead = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0, 0};
        assertThat(ImageSignatures.looksLikeImage(Files.write(dir.resolve("x.bin"), jpegHead))).isTrue();
        assertThat(ImageSignatures.looksLikeImage(Files.writeString(dir.resolve("notes.txt"), "hello"))).isFalse();
        assertThat(ImageSignatures.looksLikeImage(dir.resolve("missing"))).isFalse();
    }
}
