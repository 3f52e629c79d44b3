package dev.tanken.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.model.Validation;
import dev.tanken.testing.TestPhotos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The caption {@link PhotoInspector} reads from a photo's EXIF, XMP and IPTC descriptions. */
class PhotoCaptionTest {
    private final PhotoInspector inspector = new PhotoInspector(IngestLimits.DEFAULT);

    static java.util.List<PhotoFixtures.Fixture> validFixtures() {
        return PhotoFixtures.valid();
    }

    /** The fixture script writes no description into any format, so none may be invented. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("validFixtures")
    void aPhotoWithoutADescriptionHasNoCaption(PhotoFixtures.Fixture fixture) {
        assertThat(inspector.read(fixture.path()).metadata().caption()).isNull();
    }

    @Test
    void readsExifImageDescription() {
        assertThat(caption(TestPhotos.jpegWithDescription(35.71, 139.79, 1, "Kaminarimon gate, Asakusa")))
                .isEqualTo("Kaminarimon gate, Asakusa");
    }

    @Test
    void readsANonAsciiExifDescriptionWrittenAsUtf8() {
        assertThat(caption(TestPhotos.jpegWithDescription(35.71, 139.79, 2, "浅草寺の雷門 🏮")))
                .isEqualTo("浅草寺の雷門 🏮");
    }

    @Test
    void readsXmpDescriptionWhenExifHasNone() {
        assertThat(caption(TestPhotos.jpegWithDescriptions(35.71, 139.79, 3, null, "Sumida river at dusk", null)))
                .isEqualTo("Sumida river at dusk");
    }

    @Test
    void readsIptcCaptionWhenExifAndXmpHaveNone() {
        assertThat(caption(TestPhotos.jpegWithDescriptions(35.71, 139.79, 4, null, null, "Senso-ji, main hall")))
                .isEqualTo("Senso-ji, main hall");
    }

    @Test
    void exifWinsOverXmpWhichWinsOverIptc() {
        assertThat(caption(TestPhotos.jpegWithDescriptions(35.71, 139.79, 5, "from EXIF", "from XMP", "from IPTC")))
                .isEqualTo("from EXIF");
        assertThat(caption(TestPhotos.jpegWithDescriptions(35.71, 139.79, 6, null, "from XMP", "from IPTC")))
                .isEqualTo("from XMP");
    }

    @Test
    void aCameraPlaceholderIsIgnored() {
        assertThat(caption(TestPhotos.jpegWithDescription(35.71, 139.79, 7, "OLYMPUS DIGITAL CAMERA"))).isNull();
        assertThat(caption(TestPhotos.jpegWithDescription(35.71, 139.79, 8, "SONY DSC"))).isNull();
        assertThat(caption(TestPhotos.jpegWithDescription(35.71, 139.79, 9, "                               ")))
                .isNull();
    }

    @Test
    void aPlaceholderInExifGivesWayToTheEditorsDescription() {
        assertThat(caption(TestPhotos.jpegWithDescriptions(35.71, 139.79, 10, "OLYMPUS DIGITAL CAMERA",
                "Tokyo Skytree from Asakusa", null))).isEqualTo("Tokyo Skytree from Asakusa");
        assertThat(caption(TestPhotos.jpegWithDescriptions(35.71, 139.79, 11, "SONY DSC", "  ", "Ueno zoo")))
                .isEqualTo("Ueno zoo");
    }

    @Test
    void theDescriptionIsTrimmedAndLosesControlCharacters() {
        assertThat(caption(TestPhotos.jpegWithDescription(35.71, 139.79, 12, "  Shibuya\u0007 crossing\t at night  ")))
                .isEqualTo("Shibuya crossing  at night");
    }

    @Test
    void aDescriptionLongerThanACaptionMayBeIsCutNotRejected() {
        String longDescription = "Tokyo ".repeat(Validation.MAX_CAPTION_LENGTH);

        String caption = caption(TestPhotos.jpegWithDescription(35.71, 139.79, 13, longDescription));

        assertThat(caption.codePointCount(0, caption.length())).isLessThanOrEqualTo(Validation.MAX_CAPTION_LENGTH)
                .isGreaterThan(Validation.MAX_CAPTION_LENGTH - 10);
        assertThat(caption).startsWith("Tokyo Tokyo").endsWith("…");
    }

    private String caption(byte[] jpeg) {
        return inspector.inspect(jpeg).metadata().caption();
    }
}
