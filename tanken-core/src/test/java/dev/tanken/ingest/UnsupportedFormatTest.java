package dev.tanken.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidPhotoException;
import dev.tanken.UnsupportedImageFormatException;
import dev.tanken.testing.TestPhotos;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Batch imports skip files that are no image at all, but report damaged photos: the two must differ. */
class UnsupportedFormatTest {
    private final PhotoInspector inspector = new PhotoInspector(IngestLimits.DEFAULT);

    @Test
    void bytesOfAnotherKindAreAnUnsupportedFormat() {
        assertThatThrownBy(() -> inspector.inspect("shot list: temples".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnsupportedImageFormatException.class);
        assertThatThrownBy(() -> inspector.inspect("GIF89a\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(UnsupportedImageFormatException.class).hasMessageContaining("GIF");
        assertThatThrownBy(() -> inspector.inspect(new byte[0])).isInstanceOf(UnsupportedImageFormatException.class);
    }

    @Test
    void aDamagedJpegIsInvalidButNotUnsupported() {
        byte[] cut = Arrays.copyOf(TestPhotos.jpeg(35, 139, 1), 200);
        assertThatThrownBy(() -> inspector.inspect(cut))
                .isInstanceOf(InvalidPhotoException.class)
                .isNotInstanceOf(UnsupportedImageFormatException.class);
    }
}
