package dev.tanken.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared value rules, at the boundaries where hand-written checks replaced regular expressions. */
class ValidationTest {
    private static final String HEX64 = "0123456789abcdef".repeat(4);

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})
    void aLowerCaseHexDigestOf64DigitsIsASha256(String sha) {
        assertThat(Validation.sha256(sha)).isEqualTo(sha);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
            "0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde/",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde:",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde`"})
    void anythingElseIsRefusedWithTheValue(String sha) {
        assertThatThrownBy(() -> Validation.sha256(sha)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("SHA-256 must be 64 lower-case hex digits, got '" + sha + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/jpeg", "image/svg+xml", "image/vnd.ms-photo", "video/mp4"})
    void mediaTypesLookLikeTypeSlashSubtype(String type) {
        assertThat(Validation.isMediaType(type)).isTrue();
        assertThat(new PictureRef("k", type, HEX64, 1, 1).mediaType()).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "image", "image/", "/jpeg", "Image/JPEG", "image/jpeg; q=1", "image/jpeg\n"})
    void otherMediaTypesAreRefused(String type) {
        assertThat(Validation.isMediaType(type)).isFalse();
        assertThatThrownBy(() -> new PictureRef("k", type, HEX64, 1, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("media type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a,b", "a\tb", "a\nb", " "})
    void variantKeysHoldNoSpaceOrComma(String key) {
        assertThatThrownBy(() -> new PictureVariant(PictureSize.THUMB, key, "image/jpeg", HEX64, 1, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("without spaces or commas");
        assertThat(new PictureVariant(PictureSize.THUMB, "thumbs/ab.jpg", "image/jpeg", HEX64, 1, 1).blobKey())
                .isEqualTo("thumbs/ab.jpg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b", "aiko@example.jp", "名前@例え.jp"})
    void emailsLookLikeNameAtHost(String email) {
        assertThat(User.create("aiko", email).email()).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aiko", "@b", "a@", "a@@b", "a b@c", "a@b@c"})
    void otherEmailsAreRefused(String email) {
        assertThatThrownBy(() -> User.create("aiko", email)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("email must look like name@host");
    }
}
