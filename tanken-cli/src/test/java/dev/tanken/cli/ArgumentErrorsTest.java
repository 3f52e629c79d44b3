package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mistakes on the command line: exit code 2 and one line on stderr naming the problem, no stack trace. */
class ArgumentErrorsTest {
    @TempDir
    Path home;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
    }

    private static void assertUsageError(CliRunner.Result r, String expectedFragment) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("tanken: ").contains(expectedFragment);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void latitudeWithoutLongitudeIsAUsageError() {
        CliRunner.Result r = cli.run("upload", "--lat", "35.0", "photo.jpg");
        assertUsageError(r, "--lat and --lon go together");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void longitudeWithoutLatitudeIsAUsageError() {
        assertUsageError(cli.run("upload", "--lon", "139.0", "photo.jpg"), "--lat and --lon go together");
    }

    @Test
    void uploadWithoutFilesIsAUsageError() {
        assertUsageError(cli.run("upload"), "FILE");
    }

    @Test
    void unknownOptionNamesTheOption() {
        assertUsageError(cli.run("nearby", "--lat", "1", "--lon", "2", "--radios", "5km"), "--radios");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertUsageError(cli.run("uplaod", "x.jpg"), "uplaod");
    }

    @Test
    void missingCommandIsAUsageError() {
        assertUsageError(cli.run(), "missing command");
    }

    @Test
    void radiusInParsecsIsRejectedWithTheAcceptedForms() {
        CliRunner.Result r = cli.run("nearby", "--lat", "35", "--lon", "139", "--radius", "5 parsecs");
        assertUsageError(r, "'5 parsecs' is not a distance");
        assertThat(r.err()).contains("--radius").contains("2.5km");
    }

    @Test
    void nonNumericLatitudeIsAUsageError() {
        assertUsageError(cli.run("nearby", "--lat", "north", "--lon", "139"), "north");
    }

    @Test
    void nearbyNeedsLatitudeAndLongitude() {
        assertUsageError(cli.run("nearby", "--lon", "139"), "--lat");
    }

    @ParameterizedTest
    @ValueSource(strings = {"90.5", "-91", "NaN"})
    void latitudeOutOfRangeGivesTheModelsMessage(String latitude) {
        assertUsageError(cli.run("nearby", "--lat", latitude, "--lon", "139"), "latitude must be a number between -90 and 90");
    }

    @Test
    void longitudeOutOfRangeGivesTheModelsMessage() {
        assertUsageError(cli.run("nearby", "--lat", "35", "--lon", "181"), "longitude must be a number between -180 and 180");
    }

    @Test
    void uploadLocationOutOfRangeIsAUsageError() {
        assertUsageError(cli.run("upload", "--lat", "100", "--lon", "0", "x.jpg"), "latitude must be");
    }

    @Test
    void malformedPostIdIsAUsageError() {
        assertUsageError(cli.run("post", "show", "not-a-uuid"), "not a post id");
    }

    @Test
    void invalidUsernameIsAUsageError() {
        assertUsageError(cli.run("user", "add", "no spaces allowed"), "username must be");
    }

    @Test
    void invalidTagIsAUsageError() {
        assertUsageError(cli.run("upload", "--tag", "two words", "x.jpg"), "tag must be");
    }

    @Test
    void badConcurrencyIsAUsageError() {
        assertUsageError(cli.run("import", "--concurrency", "0", home.toString()), "--concurrency must be between 1");
    }

    @Test
    void importOfAMissingDirectoryIsAUsageError() {
        assertUsageError(cli.run("import", home.resolve("nowhere").toString()), "no such directory");
    }

    @Test
    void unsupportedDatabaseUrlIsAUsageError() {
        assertUsageError(cli.run("--db", "mysql://localhost/tanken", "nearby", "--lat", "1", "--lon", "2"),
                "unsupported database URL");
    }

    @Test
    void databaseUrlFromTheEnvironmentIsUsed() {
        cli.env("TANKEN_DB_URL", "mysql://from-env/tanken");
        assertUsageError(cli.run("nearby", "--lat", "1", "--lon", "2"), "mysql://from-env/tanken");
    }

    @Test
    void globalOptionsAreAcceptedAfterTheSubcommand() {
        assertUsageError(cli.run("nearby", "--lat", "1", "--lon", "2", "--db", "mysql://after/tanken"),
                "mysql://after/tanken");
    }

    @Test
    void commandLineDatabaseUrlWinsOverTheEnvironment() {
        cli.env("TANKEN_DB_URL", "mysql://from-env/tanken");
        assertUsageError(cli.run("--db", "oracle://flag/tanken", "nearby", "--lat", "1", "--lon", "2"),
                "oracle://flag/tanken");
    }
}
