package dev.tanken.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.model.Validation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UsernamesTest {
    @ParameterizedTest
    @CsvSource({
        "aiko, aiko",
        "John Doe, John_Doe",
        "'CORP\\jo', CORP_jo",
        "jo@example.com, jo_example.com",
        "山田, 山田",
        "'  spaced  ', spaced",
    })
    void mapsAccountNamesToValidUsernames(String osUser, String expected) {
        assertThat(Usernames.fromOsUser(osUser)).isEqualTo(expected);
        Validation.username(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void fallsBackWhenThereIsNoName(String osUser) {
        assertThat(Usernames.fromOsUser(osUser)).isEqualTo(Usernames.FALLBACK);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 200})
    void longNamesAreCutToTheLimit(int length) {
        String name = Usernames.fromOsUser("x".repeat(length));
        assertThat(name).hasSize(Math.min(length, 64));
        Validation.username(name);
    }
}
