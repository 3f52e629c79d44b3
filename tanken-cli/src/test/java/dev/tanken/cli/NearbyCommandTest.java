package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken nearby} over posts placed at known distances from a centre. */
class NearbyCommandTest {
    private static final double EARTH_RADIUS = 6_371_008.8;
    private static final double LAT = 35.6812;
    private static final double LON = 139.7671;

    @TempDir
    Path home;

    @TempDir
    Path photos;

    CliRunner cli;

    /** Post id by its distance from the centre, in metres. */
    final Map<Double, String> postByDistance = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
        // Uploaded out of distance order, some north and some south, so the ordering is the query's.
        double[] distances = {700, 120, 4_800, 950, 300, 1_600};
        for (int i = 0; i < distances.length; i++) {
            double d = distances[i];
            double sign = i % 2 == 0 ? 1 : -1;
            double lat = LAT + sign * Math.toDegrees(d / EARTH_RADIUS);
            Path photo = TestPhotos.writeJpeg(photos, "p" + i + ".jpg", lat, LON, 100 + i);
            CliRunner.Result r = cli.run("upload", "--user", "ren", "--caption", "at " + d + " m", "--tag", "t" + i,
                    "--json", photo.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            postByDistance.put(d, JsonLines.parse(r.out()).get("postId").asText());
        }
    }

    @Test
    void jsonListsThePostsWithinTheRadiusNearestFirst() {
        CliRunner.Result r = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--radius", "1km", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode array = JsonLines.parse(r.out());
        assertThat(array.isArray()).isTrue();
        List<JsonNode> hits = new ArrayList<>();
        array.forEach(hits::add);

        assertThat(hits).extracting(h -> h.get("postId").asText()).containsExactly(
                postByDistance.get(120.0), postByDistance.get(300.0), postByDistance.get(700.0),
                postByDistance.get(950.0));
        assertThat(hits).extracting(h -> h.get("distanceMeters").asDouble()).isSorted();
        double[] expected = {120, 300, 700, 950};
        for (int i = 0; i < hits.size(); i++) {
            JsonNode hit = hits.get(i);
            assertThat(UploadCommandTest.fieldNames(hit)).containsExactly("postId", "latitude", "longitude",
                    "distanceMeters", "author", "caption", "tags", "likes", "takenAt", "locationPrecision");
            assertThat(hit.get("distanceMeters").asDouble()).isCloseTo(expected[i], within(1.0));
            assertThat(hit.get("author").asText()).isEqualTo("ren");
            assertThat(hit.get("caption").asText()).isEqualTo("at " + expected[i] + " m");
            assertThat(hit.get("tags").isArray()).isTrue();
            assertThat(hit.get("likes").asLong()).isZero();
            assertThat(hit.get("longitude").asDouble()).isCloseTo(LON, within(1e-6));
        }
    }

    @Test
    void pagesFollowTheCursorWithoutRepeatsOrGaps() {
        CliRunner.Result first = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--radius", "2000",
                "--limit", "3", "--json");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.errLines()).hasSize(1);
        assertThat(first.errLines().get(0)).startsWith("next cursor: ");
        String cursor = first.errLines().get(0).substring("next cursor: ".length());

        CliRunner.Result second = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--radius", "2000",
                "--limit", "3", "--cursor", cursor, "--json");
        assertThat(second.exitCode()).as(second.toString()).isZero();

        List<String> ids = new ArrayList<>();
        JsonLines.parse(first.out()).forEach(h -> ids.add(h.get("postId").asText()));
        JsonLines.parse(second.out()).forEach(h -> ids.add(h.get("postId").asText()));
        assertThat(ids).containsExactly(postByDistance.get(120.0), postByDistance.get(300.0),
                postByDistance.get(700.0), postByDistance.get(950.0), postByDistance.get(1_600.0));
    }

    @Test
    void aCursorIsRefusedByAnotherSearch() {
        CliRunner.Result first = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--radius", "2000",
                "--limit", "3", "--json");
        String cursor = first.errLines().get(0).substring("next cursor: ".length());

        // Another centre, radius or viewer: the position would skip or repeat posts.
        for (String[] other : List.of(
                new String[] {"--lat", "" + (LAT + 0.01), "--lon", "" + LON, "--radius", "2000"},
                new String[] {"--lat", "" + LAT, "--lon", "" + LON, "--radius", "5000"},
                new String[] {"--lat", "" + LAT, "--lon", "" + LON, "--radius", "2000", "--as", "ren"})) {
            List<String> args = new ArrayList<>(List.of("nearby", "--cursor", cursor, "--json"));
            args.addAll(List.of(other));
            CliRunner.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("cursor belongs to a search with another centre, radius or viewer");
        }
        // The same search with another page size continues where the first page stopped.
        CliRunner.Result rest = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--radius", "2000",
                "--limit", "10", "--cursor", cursor, "--json");
        assertThat(rest.exitCode()).as(rest.toString()).isZero();
        assertThat(JsonLines.parse(rest.out())).hasSize(2);
    }

    @Test
    void theCentreCanBeAPlaceNameLatLonOrAPost() {
        String byLatLon = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--json").out();
        assertThat(cli.run("nearby", "--near", LAT + "," + LON, "--json").out()).isEqualTo(byLatLon);

        CliRunner.Result tokyo = cli.run("nearby", "--near", "tokyo", "--radius", "20km", "--json");
        assertThat(tokyo.exitCode()).as(tokyo.toString()).isZero();
        assertThat(JsonLines.parse(tokyo.out())).hasSize(6);
        assertThat(cli.run("nearby", "--near", "Tokyo, JP", "--radius", "20km", "--json").out()).isEqualTo(tokyo.out());

        String far = postByDistance.get(4_800.0);
        JsonNode aroundPost = JsonLines.parse(cli.run("nearby", "--post", far, "--radius", "100m", "--json").out());
        assertThat(aroundPost).hasSize(1);
        assertThat(aroundPost.get(0).get("postId").asText()).isEqualTo(far);
        assertThat(aroundPost.get(0).get("distanceMeters").asDouble()).isZero();

        CliRunner.Result unknown = cli.run("nearby", "--near", "Xyzzyville");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no place named 'Xyzzyville'");
        CliRunner.Result twice = cli.run("nearby", "--near", "Tokyo", "--lat", "1", "--lon", "1");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("give the centre once");
        assertThat(cli.run("nearby").err()).contains("give the centre once");
    }

    @Test
    void radiusUnitsMeanTheSameDistance() {
        String inKm = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--radius", "1.7km", "--json").out();
        String inMetres = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--radius", "1700m", "--json").out();
        String bare = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--radius", "1700", "--json").out();

        assertThat(JsonLines.parse(inKm)).hasSize(5);
        assertThat(inMetres).isEqualTo(inKm);
        assertThat(bare).isEqualTo(inKm);
    }

    @Test
    void humanOutputIsATableWithTheNextPageCursor() {
        CliRunner.Result r = cli.run("nearby", "--lat", "" + LAT, "--lon", "" + LON, "--limit", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.outLines();
        assertThat(lines.get(0)).contains("DISTANCE", "POST", "AUTHOR", "CAPTION", "TAGS", "LIKES", "TAKEN AT");
        assertThat(lines.get(1)).contains("120 m", postByDistance.get(120.0).substring(0, 8), "ren", "at 120.0 m", "#t1");
        assertThat(lines.get(2)).contains("300 m", postByDistance.get(300.0).substring(0, 8));
        assertThat(lines.get(3)).startsWith("next page: --cursor ");
        assertThat(lines).hasSize(4);
    }

    @Test
    void noPostsInRangeSaysSo() {
        CliRunner.Result r = cli.run("nearby", "--lat", "-35", "--lon", "-60", "--radius", "5km");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("no posts within 5.00 km of -35,-60");
    }

    @Test
    void emptyResultInJsonIsAnEmptyArray() {
        CliRunner.Result r = cli.run("nearby", "--lat", "-35", "--lon", "-60", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("[]");
    }
}
