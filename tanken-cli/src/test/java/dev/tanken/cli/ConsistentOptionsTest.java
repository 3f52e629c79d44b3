package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same option means the same thing on every command: the forms it takes and how a bad value is refused. */
class ConsistentOptionsTest {
    @TempDir
    Path home;

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
    }

    private static void assertUsageError(CliRunner.Result r, String... fragments) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.errLines().get(0)).as(r.toString()).startsWith("tanken: ").contains(fragments);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** The command line of each command that takes a centre, with {@code LAT} and {@code LON} to fill in. */
    private List<String> withCentre(String command, String lat, String lon) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--lat", lat, "--lon", lon));
        if (command.equals("map")) {
            args.addAll(List.of("--out", dir.resolve("m.svg").toString()));
        }
        if (command.equals("upload")) {
            Path photo = dir.resolve("nogps.jpg");
            try {
                Files.write(photo, TestPhotos.jpegWithoutLocation(7, null));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            args.addAll(List.of("--json", photo.toString()));
        }
        return args;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearby", "explore", "map", "place", "upload"})
    void everyCentreTakesHemispheresAndDegreesMinutesSecondsAsNearbyDoes(String command) {
        CliRunner.Result r = cli.run(withCentre(command, "35°40'52\"N", "139.7671E").toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        if (command.equals("upload")) {
            JsonNode line = JsonLines.parse(r.out());
            assertThat(line.get("latitude").asDouble()).isCloseTo(35.681111, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(line.get("longitude").asDouble()).isEqualTo(139.7671);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearby", "explore", "map", "place", "upload", "cache warm"})
    void aLatitudeOutOfRangeIsRefusedNamingTheOptionAndTheValueAsTyped(String command) {
        CliRunner.Result r = cli.run(withCentre(command, "95", "139").toArray(String[]::new));

        assertUsageError(r, "--lat", "'95' is not a latitude", "between -90 and 90");
        assertThat(r.err()).doesNotContain("95.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearby", "explore", "map", "place", "upload", "cache warm"})
    void aLongitudeThatIsNoNumberIsRefusedWithTheFormsItTakes(String command) {
        CliRunner.Result r = cli.run(withCentre(command, "35", "east").toArray(String[]::new));

        assertUsageError(r, "--lon", "'east' is not a longitude", "139.767E", "139°46'1\"E");
        assertThat(r.err()).as("no latitude for an example of a longitude").doesNotContain("35.6811N");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "1000"})
    void exploreAndMapRefuseAHotspotLimitWithTheBoundThatHolds(String limit) {
        for (String command : List.of("explore", "map")) {
            List<String> args = withCentre(command, "35", "139");
            args.addAll(List.of("--limit", limit));

            assertUsageError(cli.run(args.toArray(String[]::new)), "--limit", "between 1 and 100, got " + limit);
        }
    }

    @Test
    void anExportIntoAFolderNotMadeYetMakesItAsMapDoes() throws Exception {
        cli.run("user", "add", "aiko");
        Path out = dir.resolve("exports/2025/log.csv");

        CliRunner.Result r = cli.run("activity", "export", "--format", "csv", "-o", out.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(out)).startsWith("id,occurredAt,").contains("user.create");
    }

    @Test
    void anExportThatCannotBeWrittenIsOneLineWithoutAnExceptionName() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");

        assertUsageError(cli.run("activity", "export", "--format", "csv", "-o", file.resolve("log.csv").toString()),
                "cannot write " + file.resolve("log.csv"), file + " is not a directory");
        assertUsageError(cli.run("activity", "export", "--format", "csv", "-o", dir.toString()),
                dir + " is a directory");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no partial file left behind").containsExactly(file);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearby", "cache warm"})
    void aSearchRadiusBeyondHalfTheEarthIsRefusedNamingTheOptionAndTheValueAsTyped(String command) {
        List<String> args = withCentre(command, "35", "139");
        args.addAll(List.of("--radius", "100000km"));

        assertUsageError(cli.run(args.toArray(String[]::new)), "--radius", "at most 20015 km", "got '100000km'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"explore", "map"})
    void aHotspotRadiusOverItsBoundIsRefusedNamingTheOptionAndTheValueAsTyped(String command) {
        List<String> args = withCentre(command, "35", "139");
        args.addAll(List.of("--radius", "2000km"));

        CliRunner.Result r = cli.run(args.toArray(String[]::new));

        assertUsageError(r, "--radius", "at most 1000 km", "got '2000km'");
        assertThat(r.err()).doesNotContain("2000000.0");
    }

    /** Every field of {@code json} is named in the command's --help (picocli wraps lines anywhere, so spaces are ignored). */
    private void assertHelpNamesEveryField(String command, JsonNode json) {
        String help = cli.run((command + " --help").split(" ")).out().replaceAll("\\s+", "");
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isNotEmpty();
        for (String field : fields) {
            assertThat(help).as("'%s --help' names the JSON field %s", command, field).contains(field);
        }
    }

    @Test
    void theHelpOfEachCommandNamesEveryFieldItsJsonHas() throws Exception {
        Path photos = Files.createDirectory(dir.resolve("photos"));
        TestPhotos.writeJpeg(photos, "a.jpg", 35.6812, 139.7671, 1);
        CliRunner.Result imported = cli.run("import", "--json", photos.toString());
        List<String> lines = imported.outLines();
        JsonNode summary = JsonLines.parse(lines.get(lines.size() - 1)).get("summary");
        assertHelpNamesEveryField("import", summary);
        JsonNode dryRun = JsonLines.parse(cli.run("import", "--json", "--dry-run", photos.toString()).outLines()
                .get(1)).get("summary");
        assertHelpNamesEveryField("import", dryRun);

        CliRunner.Result nearby = cli.run("nearby", "--lat", "35.6812", "--lon", "139.7671", "--json");
        assertHelpNamesEveryField("nearby", JsonLines.parse(nearby.out()).get(0));

        assertHelpNamesEveryField("user add", JsonLines.parse(cli.run("user", "add", "aiko", "--json").out()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearby --lat 35 --lon 139", "user list", "activity export"})
    void anUnknownOutputFormatIsRefusedInTheWordsOfEveryOtherValue(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--format", "xml"));

        CliRunner.Result r = cli.run(args.toArray(String[]::new));

        assertUsageError(r, "--format", "must be table, json, jsonl or csv, got 'xml'");
        assertThat(r.err()).doesNotContain("TABLE").doesNotContain("case-insensitive");
        assertThat(cli.run("user", "list", "--format", "JSONL").exitCode()).as("any case").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"activity import", "activity append", "activity schema set tanken x.y"})
    void aDirectoryWhereAFileBelongsIsRefusedAlikeByEveryCommandThatReadsOne(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add(dir.toString());

        assertUsageError(cli.run(args.toArray(String[]::new)), "cannot read " + dir + ": Is a directory");
    }

    private String nextCursor(String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).startsWith("next cursor: ");
        return r.err().strip().substring("next cursor: ".length());
    }

    @Test
    void aListingsCursorIsRefusedByEveryOtherListingAsNearbysIs() {
        List<String> posts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path photo = TestPhotos.writeJpeg(dir, "p" + i + ".jpg", 35.68 + i * 1e-3, 139.76, 100 + i);
            posts.add(JsonLines.parse(cli.run("upload", "--user", "aiko", "--json", photo.toString()).out())
                    .get("postId").asText());
        }
        cli.run("user", "add", "ben");
        cli.run("comment", posts.get(0), "one", "--user", "ben");
        cli.run("comment", posts.get(0), "two", "--user", "ben");
        cli.run("comment", posts.get(1), "three", "--user", "ben");

        String postsCursor = nextCursor("posts", "--user", "aiko", "--limit", "1", "--json");
        String commentsCursor = nextCursor("comments", posts.get(0), "--limit", "1", "--json");
        String usersCursor = nextCursor("user", "list", "--limit", "1", "--json");

        assertThat(cli.run("posts", "--user", "aiko", "--limit", "1", "--cursor", postsCursor, "--json").exitCode()).isZero();
        assertThat(cli.run("comments", posts.get(0), "--cursor", commentsCursor, "--json").out()).contains("two");
        assertThat(cli.run("user", "list", "--cursor", usersCursor, "--json").out()).contains("ben");

        String refused = "this page cursor belongs to another listing";
        assertUsageError(cli.run("posts", "--user", "ben", "--cursor", postsCursor), refused);
        assertUsageError(cli.run("bookmarks", "--user", "aiko", "--cursor", postsCursor), refused);
        assertUsageError(cli.run("user", "list", "--cursor", postsCursor), refused);
        assertUsageError(cli.run("comments", posts.get(1), "--cursor", commentsCursor), refused);
        assertUsageError(cli.run("posts", "--user", "aiko", "--cursor", usersCursor), refused);
    }

    @Test
    void anExportRefusesAFormatItDoesNotWriteEvenTheTable() {
        assertUsageError(cli.run("activity", "export", "--format", "table"), "export writes --format jsonl or --format csv, not table");
        assertThat(cli.run("activity", "export").exitCode()).as("jsonl by default").isZero();
    }

    @Test
    void aLongValueEchoedInAnErrorIsCutInsideItsQuotesWithItsOwnLength() {
        String value = "b".repeat(300);
        String cut = "'" + "b".repeat(60) + "…(300 characters)'";

        assertUsageError(cli.run("nearby", "--lat", "1", "--lon", "1", "--radius", value), cut + " is not a distance");
        assertUsageError(cli.run("explore", "--lat", "1", "--lon", "1", "--since", value), cut + " is not a duration");
        assertUsageError(cli.run("blobs", "gc", "--grace", value), cut + " is not a duration");
    }

    @Test
    void placeSetWithNothingDoesWhatItsHelpSays() {
        Path photo = TestPhotos.writeJpeg(dir, "p.jpg", 35.6812, 139.7671, 3);
        String post = JsonLines.parse(cli.run("upload", "--json", photo.toString()).out()).get("postId").asText();
        assertThat(cli.run("place", post, "--set", "Tokyo Station").exitCode()).isZero();

        CliRunner.Result r = cli.run("place", post, "--set", "", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JsonLines.parse(r.out()).get("chosenByAuthor").asBoolean()).isFalse();
        assertThat(cli.run("place", "--help").out().replaceAll("\\s+", " ")).contains("'' removes the name, as --clear");
    }

    @Test
    void theHelpOfExploreStatesTheHotspotBound() {
        assertThat(cli.run("explore", "--help").out()).contains("Hotspots, 1 to 100");
    }
}
