package dev.tanken.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.ingest.ImageFormat;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoMetadata;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DerivativeMakerTest {
    private static final String SOME_SHA = "0".repeat(64);

    /** Bytes no decoder accepts, so any attempt to decode them would end in a decoding note. */
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
    void undecodablePixelsGiveANoteNotAnError() {
        DerivativeMaker.Result result = new DerivativeMaker(100_000_000).make(undecodable(2000, 1000));

        assertThat(result.derivatives()).isEmpty();
        assertThat(result.note()).contains("could not");
    }
}
