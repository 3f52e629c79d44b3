package dev.tanken.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DistanceTest {
    private final DistanceConverter converter = new DistanceConverter();

    @ParameterizedTest
    @CsvSource({
        "1km, 1000",
        "500m, 500",
        "2.5km, 2500",
        "800, 800",
        "0, 0",
        "' 3 KM ', 3000",
        "0.25 km, 250",
        ".5km, 500",
        "12.75m, 12.75",
        "1mi, 1609.344",
        "' 2 MI ', 3218.688",
        "500ft, 152.4",
    })
    void parsesMetresAndKilometres(String text, double meters) {
        assertThat(converter.convert(text).meters()).isEqualTo(meters);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 parsecs", "", "km", "-1km", "1e3", "1,5km", "1 furlong", "1mile", "1kmm", "NaN", "Infinity"})
    void rejectsAnythingElseNamingTheValue(String text) {
        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("2.5km");
    }

    @ParameterizedTest
    @CsvSource({"0, 0 m", "312.4, 312 m", "999.4, 999 m", "1000, 1.00 km", "2345, 2.35 km", "123456, 123 km"})
    void formatsForPeople(double meters, String text) {
        assertThat(Distance.format(meters)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"0, 0 ft", "111.2, 365 ft", "160, 525 ft", "1609.344, 1.00 mi", "889.56, 0.55 mi", "200000, 124 mi"})
    void formatsInMilesForPeople(double meters, String text) {
        assertThat(Distance.formatImperial(meters)).isEqualTo(text);
    }
}
