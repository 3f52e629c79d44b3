package dev.tanken.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidPhotoException;
import dev.tanken.ingest.ImageFormat;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoMetadata;
import dev.tanken.testing.DamagedPhotos;
import dev.tanken.testing.TestPhotos;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DerivativeMakerTest {
    private static final String SOME_SHA = "0".repeat(64);

    /** Bytes no decoder accepts, so any attempt to decode them would end in a rejection. */
    private static Photo undecodable(int width, int height) {
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        return new Photo(garbage, SOME_SHA, new PhotoMetadata(ImageFormat.JPEG, width, height, 1, null, null));
    }

    @Test
    void pixelLimitIsCheckedBeforeDecoding() {
        DerivativeMaker.Result result = new DerivativeMaker(1_000_000).make(undecodable(2000, 1000));

        assertThat(result.derivatives()).isEmpty();
        assertThat(result.note()).contains("2000000 pixels").contains("1000000").doesNotContain("decoded (");
    }

    @Test
    void undecodablePixelsAreRejectedInPlainWords() {
        byte[] broken = DamagedPhotos.jpegWithBogusHuffmanTable(TestPhotos.jpeg(1, 2, 3));
        Photo photo = new Photo(broken, SOME_SHA, new PhotoMetadata(ImageFormat.JPEG, TestPhotos.WIDTH,
                TestPhotos.HEIGHT, 1, null, null));

        assertThatThrownBy(() -> new DerivativeMaker(100_000_000).make(photo))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated JPEG: its pixel data is corrupt or incomplete and cannot be decoded");
    }

    @Test
    void aHeaderSizeTheDecoderDisagreesWithIsRejectedBeforeThePixelsAreRead() {
        // The inspector would never hand over these metadata for these bytes; the maker checks anyway.
        Photo photo = new Photo(TestPhotos.jpeg(1, 2, 3), SOME_SHA, new PhotoMetadata(ImageFormat.JPEG, 3200, 2400, 1,
                null, null));

        assertThatThrownBy(() -> new DerivativeMaker(100_000_000).make(photo))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated JPEG: its header declares 3200x2400 pixels but its image data is "
                        + TestPhotos.WIDTH + "x" + TestPhotos.HEIGHT);
    }
}
