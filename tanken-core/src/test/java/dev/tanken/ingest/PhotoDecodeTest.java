package dev.tanken.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidPhotoException;
import dev.tanken.ingest.internal.DerivativeMaker;
import dev.tanken.testing.DamagedPhotos;
import dev.tanken.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pictures are believed only once their pixels decode: the inspector reads the header (and enforces
 * the limits on it), the derivative maker decodes and rejects what does not match. Every damaged file
 * here has a valid container, so the inspector alone accepts it.
 */
class PhotoDecodeTest {
    private static final PhotoInspector INSPECTOR = new PhotoInspector(IngestLimits.DEFAULT);
    private static final DerivativeMaker MAKER = new DerivativeMaker(IngestLimits.DEFAULT.maxPixels());
    /** What a decode rejection looks like: the format and a plain sentence, never a decoder's own words. */
    private static final String PLAIN = "malformed or truncated (JPEG|PNG|WebP): [a-zA-Z0-9 ,]+";

    private static final byte[] JPEG = TestPhotos.jpeg(35.681236, 139.767125, 1); // 32x24
    private static final byte[] PNG = DamagedPhotos.png(48, 32, 2);

    private static DerivativeMaker.Result make(byte[] bytes) {
        return MAKER.make(INSPECTOR.inspect(bytes));
    }

    private static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(PhotoFixtures.directory().resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aJpegWhoseHeaderClaims10000x10000OverA32x24ImageIsRejected() {
        byte[] liar = DamagedPhotos.jpegClaimingSize(JPEG, 10_000, 10_000);
        Photo photo = INSPECTOR.inspect(liar);
        assertThat(photo.metadata().width()).isEqualTo(10_000); // the header alone is within the limits

        assertThatThrownBy(() -> MAKER.make(photo))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated JPEG: its pixel data ends before the 10000x10000 pixels its "
                        + "header declares");
    }

    @Test
    void aJpegWhoseHeaderClaimsTwiceItsSizeIsRejected() {
        assertThatThrownBy(() -> make(DamagedPhotos.jpegClaimingSize(JPEG, 64, 48)))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated JPEG: its pixel data ends before the 64x48 pixels its header "
                        + "declares");
    }

    @Test
    void aJpegWhoseImageDataWasCutIsRejectedEvenWithItsEndMarkerInPlace() {
        assertThatThrownBy(() -> make(DamagedPhotos.jpegWithImageDataCut(JPEG, 100)))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated JPEG: its pixel data ends before the 32x24 pixels its header "
                        + "declares");
    }

    @Test
    void aJpegWithABogusHuffmanTableIsRejected() {
        assertThatThrownBy(() -> make(DamagedPhotos.jpegWithBogusHuffmanTable(JPEG)))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated JPEG: its pixel data is corrupt or incomplete and cannot be decoded")
                .hasCauseInstanceOf(IOException.class); // the decoder's words stay in the cause, for --verbose
    }

    @Test
    void aJpegClaimingLessThanItsDataHoldsIsTheSizeItClaims() {
        // All 16x12 pixels decode; the rest of the data is left over ("extraneous bytes"), which cameras do too.
        DerivativeMaker.Result result = make(DamagedPhotos.jpegClaimingSize(JPEG, 16, 12));

        assertThat(result.note()).isNull();
        assertThat(result.derivatives()).extracting(DerivativeMaker.Derivative::width).containsOnly(16);
        assertThat(result.derivatives()).extracting(DerivativeMaker.Derivative::height).containsOnly(12);
    }

    @Test
    void aPngWhoseHeaderClaimsMoreThanItsDataHoldsIsRejected() {
        byte[] liar = DamagedPhotos.pngClaimingSize(PNG, 4000, 3000);
        assertThat(INSPECTOR.inspect(liar).metadata().width()).isEqualTo(4000);

        assertThatThrownBy(() -> make(liar))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated PNG: its pixel data is corrupt or incomplete and cannot be decoded");
    }

    @Test
    void aPngWithCorruptImageDataAndAMatchingCrcIsRejected() {
        assertThatThrownBy(() -> make(DamagedPhotos.pngWithCorruptImageData(PNG)))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated PNG: its pixel data is corrupt or incomplete and cannot be decoded");
    }

    @Test
    void aPngWithABadImageDataCrcIsRejectedBeforeDecoding() {
        assertThatThrownBy(() -> INSPECTOR.inspect(DamagedPhotos.pngWithBadImageDataCrc(PNG)))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessageStartingWith("malformed or truncated PNG: chunk 'IDAT'")
                .hasMessageEndingWith("has a bad CRC");
    }

    @ParameterizedTest
    @MethodSource("webpFixtures")
    void aWebpWithABrokenBitstreamIsRejected(String fixture) {
        byte[] broken = DamagedPhotos.webpWithBrokenStream(fixture(fixture));

        assertThatThrownBy(() -> make(broken))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated WebP: its pixel data is corrupt or incomplete and cannot be decoded");
    }

    static List<String> webpFixtures() {
        return List.of("webp-buenos-aires.webp", "webp-lossless-bondi.webp");
    }

    @Test
    void aWebpCanvasLargerThanItsImageIsRejectedByTheInspector() {
        // TwelveMonkeys would decode this to a 1000x800 picture, 160x120 of it real.
        byte[] liar = DamagedPhotos.webpClaimingCanvas(fixture("webp-buenos-aires.webp"), 1000, 800);

        assertThatThrownBy(() -> INSPECTOR.inspect(liar))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated WebP: the VP8X header declares 1000x800 pixels but the VP8 image "
                        + "data is 160x120");
    }

    @Test
    void aLosslessWebpCanvasSmallerThanItsImageIsRejectedByTheInspector() {
        byte[] liar = DamagedPhotos.webpClaimingCanvas(fixture("webp-lossless-bondi.webp"), 64, 48);

        assertThatThrownBy(() -> INSPECTOR.inspect(liar))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated WebP: the VP8X header declares 64x48 pixels but the VP8L image "
                        + "data is 128x96");
    }

    @Test
    void rejectionsNameTheProblemInPlainWords() {
        List<byte[]> damaged = List.of(DamagedPhotos.jpegClaimingSize(JPEG, 64, 48),
                DamagedPhotos.jpegWithImageDataCut(JPEG, 100), DamagedPhotos.jpegWithBogusHuffmanTable(JPEG),
                DamagedPhotos.pngClaimingSize(PNG, 4000, 3000), DamagedPhotos.pngWithCorruptImageData(PNG),
                DamagedPhotos.webpWithBrokenStream(fixture("webp-buenos-aires.webp")),
                DamagedPhotos.webpWithBrokenStream(fixture("webp-lossless-bondi.webp")));
        for (byte[] bytes : damaged) {
            assertThatThrownBy(() -> make(bytes)).isInstanceOf(InvalidPhotoException.class)
                    .message().matches(PLAIN).doesNotContainIgnoringCase("exception").doesNotContain("Index");
        }
    }

    @Test
    void aLosslessJpegKeepsItsOriginalWithTheReason() {
        DerivativeMaker.Result result = make(DamagedPhotos.jpegWithFrameMarker(JPEG, 0xC3));

        assertThat(result.derivatives()).isEmpty();
        assertThat(result.note()).isEqualTo(
                "the JPEG uses lossless coding, which this Java runtime cannot decode, so only the original is kept");
    }

    @Test
    void aTwelveBitJpegKeepsItsOriginalWithTheReason() {
        DerivativeMaker.Result result = make(DamagedPhotos.jpegWithSamplePrecision(JPEG, 12));

        assertThat(result.derivatives()).isEmpty();
        assertThat(result.note()).isEqualTo(
                "the JPEG uses 12-bit samples, which this Java runtime cannot decode, so only the original is kept");
    }

    @Test
    void aFourChannelJpegDecodesToCopies() {
        DerivativeMaker.Result result = make(DamagedPhotos.cmykJpeg(40, 30));

        assertThat(result.note()).isNull();
        assertThat(result.derivatives()).extracting(DerivativeMaker.Derivative::width).containsOnly(40);
    }

    @Test
    void heicKeepsItsOriginalWithTheReason() {
        DerivativeMaker.Result result = make(fixture("heic-tokyo-skytree.heic"));

        assertThat(result.derivatives()).isEmpty();
        assertThat(result.note()).contains("HEIC");
    }

    @ParameterizedTest
    @MethodSource("decodableFixtures")
    void everyValidFixtureDecodesToCopies(PhotoFixtures.Fixture fixture) {
        DerivativeMaker.Result result = MAKER.make(INSPECTOR.read(fixture.path()));

        assertThat(result.note()).isNull();
        assertThat(result.derivatives()).hasSize(2);
    }

    static List<PhotoFixtures.Fixture> decodableFixtures() {
        return PhotoFixtures.valid().stream().filter(f -> f.format() != ImageFormat.HEIF).toList();
    }
}
