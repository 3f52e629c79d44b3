package dev.tanken.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidPhotoException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HEIF rotation and mirroring live in item properties that heif-enc cannot write, so these files are
 * built box by box. The pixel payload is not real HEVC, which is fine: nothing decodes pixels.
 */
class HeifStructureTest {
    private final PhotoInspector inspector = new PhotoInspector(IngestLimits.DEFAULT);

    @ParameterizedTest(name = "{0} -> EXIF {1}")
    @CsvSource({
        "'',              1",
        "'irot1',         8", // 90 degrees anticlockwise = EXIF 8 (rotate 270 clockwise to view)
        "'irot2',         3",
        "'irot3',         6",
        "'imir0',         2", // mirror about the vertical axis = left-right flip
        "'imir1',         4", // mirror about the horizontal axis = top-bottom flip
        "'irot1 imir0',   7", // rotate, then flip left-right: transverse
        "'imir0 irot1',   5", // flip left-right, then rotate: transpose
        "'irot3 imir1',   7",
        "'irot1 imir1',   5",
    })
    void orientationFollowsTheTransformativePropertiesInOrder(String transforms, int exifOrientation) {
        for (boolean wideIndices : new boolean[] {false, true}) {
            byte[] heif = heif(640, 480, transforms, wideIndices, 0);

            PhotoMetadata metadata = inspector.inspect(heif).metadata();

            assertThat(metadata.format()).isEqualTo(ImageFormat.HEIF);
            assertThat(metadata.width()).isEqualTo(640);
            assertThat(metadata.height()).isEqualTo(480);
            assertThat(metadata.orientation()).as("%s, wide ipma indices %s", transforms, wideIndices)
                    .isEqualTo(exifOrientation);
        }
    }

    @Test
    void itemDataOutsideTheFileIsTruncation() {
        byte[] heif = heif(640, 480, "", false, 100);

        assertThatThrownBy(() -> inspector.inspect(heif)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageStartingWith("malformed or truncated HEIF: item 1 is stored at bytes");
    }

    @Test
    void hugeDeclaredSizeIsReportedAsTooLargeEvenWhenTheFileIsCut() {
        byte[] heif = heif(20000, 20000, "", false, 0);
        byte[] cut = Arrays.copyOf(heif, heif.length - 10);

        assertThatThrownBy(() -> inspector.inspect(heif)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("image is too large: 20000x20000");
        assertThatThrownBy(() -> inspector.inspect(cut)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("image is too large: 20000x20000");
    }

    @Test
    void cutFileOfAcceptableSizeIsTruncated() {
        byte[] heif = heif(640, 480, "", false, 0);

        assertThatThrownBy(() -> inspector.inspect(Arrays.copyOf(heif, heif.length - 10)))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessageStartingWith("malformed or truncated HEIF: box 'mdat'");
    }

    @Test
    void avifIsNotAcceptedAsHeic() {
        byte[] heif = heif(640, 480, "", false, 0);
        byte[] avif = heif.clone();
        // Replace the brands 'heic' (major) and 'heic' (compatible) with 'avif'.
        replaceAll(avif, "heic", "avif");

        assertThatThrownBy(() -> inspector.inspect(avif)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("unsupported image format: AVIF");
    }

    private static void replaceAll(byte[] data, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + f.length <= data.length; i++) {
            boolean match = true;
            for (int j = 0; j < f.length && match; j++) {
                match = data[i + j] == f[j];
            }
            if (match) {
                System.arraycopy(t, 0, data, i, t.length);
            }
        }
    }

    /**
     * ftyp + meta(hdlr, pitm, iinf, iloc, iprp(ipco, ipma)) + mdat, with one 'hvc1' item whose
     * properties are ispe followed by the given transforms (e.g. "irot1 imir0").
     */
    private static byte[] heif(int width, int height, String transforms, boolean wideIndices, int extraLength) {
        byte[] payload = new byte[64];
        byte[] ftyp = box("ftyp", concat(ascii("heic"), u32(0), ascii("mif1"), ascii("heic")));
        byte[] meta = meta(width, height, transforms, wideIndices, 0, payload.length + extraLength);
        int dataOffset = ftyp.length + meta.length + 8;
        meta = meta(width, height, transforms, wideIndices, dataOffset, payload.length + extraLength);
        return concat(ftyp, meta, box("mdat", payload));
    }

    private static byte[] meta(int width, int height, String transforms, boolean wideIndices, int dataOffset,
            int dataLength) {
        byte[] hdlr = fullBox("hdlr", 0, 0, concat(u32(0), ascii("pict"), u32(0), u32(0), u32(0), new byte[1]));
        byte[] pitm = fullBox("pitm", 0, 0, u16(1));
        byte[] infe = fullBox("infe", 2, 0, concat(u16(1), u16(0), ascii("hvc1"), new byte[1]));
        byte[] iinf = fullBox("iinf", 0, 0, concat(u16(1), infe));
        byte[] iloc = fullBox("iloc", 0, 0, concat(new byte[] {0x44, 0x00}, u16(1), u16(1), u16(0), u16(1),
                u32(dataOffset), u32(dataLength)));

        List<byte[]> properties = new ArrayList<>();
        properties.add(fullBox("ispe", 0, 0, concat(u32(width), u32(height))));
        for (String t : transforms.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                properties.add(box(t.substring(0, 4), new byte[] {(byte) Integer.parseInt(t.substring(4))}));
            }
        }
        byte[] ipco = box("ipco", concat(properties.toArray(byte[][]::new)));
        ByteArrayOutputStream associations = new ByteArrayOutputStream();
        associations.writeBytes(u32(1));
        associations.writeBytes(u16(1));
        associations.write(properties.size());
        for (int index = 1; index <= properties.size(); index++) {
            associations.writeBytes(wideIndices ? u16(0x8000 | index) : new byte[] {(byte) (0x80 | index)});
        }
        byte[] ipma = fullBox("ipma", 0, wideIndices ? 1 : 0, associations.toByteArray());
        byte[] iprp = box("iprp", concat(ipco, ipma));
        return fullBox("meta", 0, 0, concat(hdlr, pitm, iinf, iloc, iprp));
    }

    private static byte[] box(String type, byte[] payload) {
        return concat(u32(8 + payload.length), ascii(type), payload);
    }

    private static byte[] fullBox(String type, int version, int flags, byte[] payload) {
        return box(type, concat(new byte[] {(byte) version, (byte) (flags >> 16), (byte) (flags >> 8), (byte) flags},
                payload));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
