package dev.tanken.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.model.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedCaptionTest {
    private static final int MAX = Validation.MAX_CAPTION_LENGTH;

    @Test
    void keepsARealDescriptionAsItIs() {
        assertThat(EmbeddedCaption.of("Kaminarimon gate, Asakusa")).isEqualTo("Kaminarimon gate, Asakusa");
        assertThat(EmbeddedCaption.of("雷門 🏮")).isEqualTo("雷門 🏮");
    }

    @Test
    void absentOrBlankIsNoCaption() {
        assertThat(EmbeddedCaption.of(null)).isNull();
        assertThat(EmbeddedCaption.of("")).isNull();
        assertThat(EmbeddedCaption.of("                                ")).isNull();
        assertThat(EmbeddedCaption.of("\0\0\0\0")).isNull();
        assertThat(EmbeddedCaption.of(" \t\r\n\u3000 ")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"OLYMPUS DIGITAL CAMERA", "SONY DSC", "  SONY DSC  ", "olympus digital camera",
        "KONICA MINOLTA DIGITAL CAMERA", "SAMSUNG CAMERA PICTURES", "hdrpl", "default", "DCIM\\100GOPRO\\GOPR0001.JPG",
        "DCIM/100MEDIA/DJI_0001.JPG", "OLYMPUS DIGITAL CAMERA\0\0\0"})
    void camerasPlaceholdersAreNoCaption(String placeholder) {
        assertThat(EmbeddedCaption.of(placeholder)).isNull();
    }

    @Test
    void aCaptionThatOnlyMentionsACameraIsKept() {
        assertThat(EmbeddedCaption.of("Taken with my OLYMPUS DIGITAL CAMERA")).isEqualTo(
                "Taken with my OLYMPUS DIGITAL CAMERA");
        assertThat(EmbeddedCaption.of("DCIM folder, cleaned up")).isEqualTo("DCIM folder, cleaned up");
    }

    @Test
    void trimsAndDropsControlCharactersButKeepsLineBreaks() {
        assertThat(EmbeddedCaption.of("  Ueno\u0007 Park\0  ")).isEqualTo("Ueno Park");
        assertThat(EmbeddedCaption.of("line one\r\nline two\rthree\tfour\u001b[31m")).isEqualTo(
                "line one\nline two\nthree four[31m");
    }

    @Test
    void normalisesToNfcAsStoredCaptionsAre() {
        assertThat(EmbeddedCaption.of("Cafe\u0301")).isEqualTo("Caf\u00e9");
    }

    @Test
    void aLongDescriptionIsCutToTheCaptionLimitWithAnEllipsis() {
        String caption = EmbeddedCaption.of("a".repeat(MAX + 500));

        assertThat(caption).hasSize(MAX).endsWith("…").startsWith("aaaa");
        assertThat(Validation.caption(caption)).isEqualTo(caption);
    }

    @Test
    void aDescriptionExactlyAtTheLimitIsKeptWhole() {
        String exact = "b".repeat(MAX);

        assertThat(EmbeddedCaption.of(exact)).isEqualTo(exact);
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        // 🗻 is two UTF-16 units: a cut by chars rather than code points would leave half of one.
        String caption = EmbeddedCaption.of("🗻".repeat(MAX + 1));

        assertThat(caption.codePointCount(0, caption.length())).isEqualTo(MAX);
        assertThat(caption.codePoints().limit(MAX - 1)).allMatch(cp -> cp == "🗻".codePointAt(0));
        assertThat(caption).endsWith("…");
    }

    @Test
    void theCutCountsWhatNfcMakesOfTheText() {
        // U+0958 has no composed form: NFC writes it as two code points, so the limit must see those.
        String caption = EmbeddedCaption.of("\u0958".repeat(MAX));

        assertThat(caption.codePointCount(0, caption.length())).isLessThanOrEqualTo(MAX);
        assertThat(Validation.caption(caption)).isEqualTo(caption);
        assertThat(caption).endsWith("…");
    }

    @Test
    void theCutDropsSpacesLeftBeforeTheEllipsis() {
        String caption = EmbeddedCaption.of("x".repeat(MAX - 3) + "     " + "y".repeat(100));

        assertThat(caption).isEqualTo("x".repeat(MAX - 3) + "…");
    }
}
