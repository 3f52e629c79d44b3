package dev.tanken.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidPhotoException;
import dev.tanken.testing.DamagedPhotos;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Pictures whose headers claim another size than their image data holds. */
class PhotoDecodeTest {
    private static final PhotoInspector INSPECTOR = new PhotoInspector(IngestLimits.DEFAULT);

    private static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(PhotoFixtures.directory().resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
}
