package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code tanken explore}, {@code map}, {@code place} and {@code nearby --places} over uploaded photos. */
class DiscoverCommandsTest {
    private static final String LAT = "35.685";
    private static final String LON = "139.76";

    @TempDir
    Path home;

    @TempDir
    Path photos;

    CliRunner cli;
    final List<String> stationPosts = new ArrayList<>();
    int seed;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
        // Tokyo Station: four people; the Imperial Palace East Gardens, 1 km away: one person, six photos.
        for (String user : List.of("aiko", "ben", "chen", "dai")) {
            stationPosts.add(upload(user, 35.6812, 139.7671, "station"));
        }
        for (int i = 0; i < 6; i++) {
            upload("eri", 35.6852, 139.7528, "garden");
        }
    }

    private String upload(String user, double lat, double lon, String tag) {
        Path photo = TestPhotos.writeJpeg(photos, "p" + seed + ".jpg", lat + seed * 1e-6, lon, 500 + seed);
        seed++;
        CliRunner.Result r = cli.run("upload", "--user", user, "--tag", tag, "--json", photo.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JsonLines.parse(r.out()).get("postId").asText();
    }

    @Test
    void exploreRanksManyPostersAboveOneAndNamesThePlaces() {
        CliRunner.Result r = cli.run("explore", "--lat", LAT, "--lon", LON, "--radius", "3km", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> spots = new ArrayList<>();
        JsonLines.parse(r.out()).forEach(spots::add);
        assertThat(spots).hasSize(2);
        assertThat(UploadCommandTest.fieldNames(spots.get(0))).containsExactly("rank", "placeName", "latitude",
                "longitude", "radiusMeters", "distanceMeters", "posts", "posters", "score", "topTags", "coverPostId",
                "place");
        assertThat(spots.get(0).get("topTags").get(0).asText()).isEqualTo("station");
        assertThat(spots.get(0).get("posters").asInt()).isEqualTo(4);
        assertThat(spots.get(1).get("posts").asInt()).isEqualTo(6);
        assertThat(spots.get(1).get("posters").asInt()).isEqualTo(1);
        assertThat(spots.get(0).get("placeName").asText()).isEqualTo("Tokyo, Japan");
        assertThat(spots.get(0).get("place").get("countryCode").asText()).isEqualTo("JP");
        assertThat(stationPosts).contains(spots.get(0).get("coverPostId").asText());

        CliRunner.Result table = cli.run("explore", "--lat", LAT, "--lon", LON, "--radius", "3km", "--limit", "1");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.outLines().get(0)).contains("PLACE", "POSTS", "POSTERS", "SCORE");
        assertThat(table.outLines().get(1)).contains("Tokyo, Japan", "#station");
        assertThat(table.outLines()).hasSize(2);
    }

    @Test
    void exploreIsAListingLikeAnyOtherInEveryFormat() {
        CliRunner.Result jsonl = cli.run("explore", "--lat", LAT, "--lon", LON, "--radius", "3km", "--format", "jsonl");
        assertThat(jsonl.exitCode()).as(jsonl.toString()).isZero();
        assertThat(jsonl.outLines()).as("one hotspot object per line").hasSize(2)
                .allSatisfy(line -> assertThat(JsonLines.parse(line).get("rank")).isNotNull());
        String cover = JsonLines.parse(jsonl.outLines().get(0)).get("coverPostId").asText();

        CliRunner.Result csv = cli.run("explore", "--lat", LAT, "--lon", LON, "--radius", "3km", "--format", "csv");
        assertThat(csv.exitCode()).as(csv.toString()).isZero();
        assertThat(csv.outLines().get(0)).isEqualTo("#,PLACE,POSTS,POSTERS,SCORE,TOP TAGS,DISTANCE,EXTENT,CENTRE,COVER POST");
        assertThat(csv.outLines()).hasSize(3);
        assertThat(csv.outLines().get(1)).startsWith("1,").endsWith("," + cover);

        CliRunner.Result table = cli.run("explore", "--lat", LAT, "--lon", LON, "--radius", "3km");
        assertThat(table.out()).as("a table shortens post ids, as every table does").doesNotContain(cover)
                .containsPattern("\\b" + cover.substring(0, 8) + "[0-9a-f-]*\\s*\\n");
    }

    @Test
    void exploreSinceDropsOlderPostsAndBadInputIsExitTwo() {
        assertThat(cli.run("explore", "--lat", LAT, "--lon", LON, "--since", "1h", "--json").out()).contains("station");
        assertThat(cli.run("explore", "--lat", "-40", "--lon", "-130").out()).startsWith("no hotspots within 5.00 km");

        for (String[] bad : List.of(
                new String[] {"explore", "--lat", LAT, "--lon", LON, "--since", "soon"},
                new String[] {"explore", "--lat", LAT, "--lon", LON, "--limit", "0"},
                new String[] {"explore", "--lat", "91", "--lon", LON},
                new String[] {"explore", "--lat", LAT, "--lon", LON, "--radius", "2000km"},
                new String[] {"map", "--lat", LAT, "--lon", LON, "--out", home.resolve("map.gif").toString()},
                new String[] {"place", "--lat", LAT},
                new String[] {"place", "not-a-post-id"})) {
            CliRunner.Result r = cli.run(bad);
            assertThat(r.exitCode()).as(String.join(" ", bad) + "\n" + r).isEqualTo(2);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).startsWith("tanken: ");
        }
    }

    @Test
    void mapWritesAnSvgWithTheHotspotsPostsAndScaleBar() throws Exception {
        Path svgFile = home.resolve("out/map.svg");
        CliRunner.Result r = cli.run("map", "--lat", LAT, "--lon", LON, "--radius", "3km", "--out", svgFile.toString(),
                "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode written = JsonLines.parse(r.out());
        assertThat(written.get("hotspots").asInt()).isEqualTo(2);
        assertThat(written.get("posts").asInt()).isEqualTo(10);
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svgFile.toFile());
        assertThat(count(svg, "circle", "hotspot")).isEqualTo(2);
        assertThat(count(svg, "circle", "post")).isEqualTo(10);
        assertThat(count(svg, "text", "label")).isEqualTo(2);
        assertThat(count(svg, "text", "scale-label")).isEqualTo(1);

        Path png = home.resolve("map.png");
        CliRunner.Result picture = cli.run("map", "--lat", LAT, "--lon", LON, "--out", png.toString(), "--width", "400",
                "--height", "300");
        assertThat(picture.exitCode()).as(picture.toString()).isZero();
        assertThat(picture.out()).startsWith("wrote " + png + " (2 hotspots, 10 posts)");
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(400);
        assertThat(Files.list(home).filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        // The map's mode is the umask's, as for any file written the ordinary way (bench's CSV, say).
        Path ordinary = Files.writeString(home.resolve("ordinary.txt"), "x");
        assertThat(Files.getPosixFilePermissions(png)).isEqualTo(Files.getPosixFilePermissions(ordinary));
    }

    @Test
    void placeNamesPointsAndPostsAndOnlyTheAuthorRenames() {
        CliRunner.Result point = cli.run("place", "--lat", "34.98", "--lon", "139.72", "--json");
        assertThat(point.exitCode()).as(point.toString()).isZero();
        JsonNode match = JsonLines.parse(point.out());
        assertThat(match.get("label").asText()).isEqualTo("Tateyama, Chiba, Japan");
        assertThat(match.get("place").get("distanceMeters").asDouble()).isBetween(12_000.0, 15_000.0);

        String post = stationPosts.get(0);
        assertThat(cli.run("place", post).out()).startsWith("Tokyo, Japan\ngazetteer: Tokyo, Japan (");
        CliRunner.Result forbidden = cli.run("place", post, "--set", "Mine", "--user", "ben");
        assertThat(forbidden.exitCode()).isEqualTo(2);
        assertThat(forbidden.err()).contains("only the post's author (aiko) may name the place of post");

        CliRunner.Result renamed = cli.run("place", post, "--set", "Marunouchi", "--user", "aiko", "--json");
        assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
        assertThat(JsonLines.parse(renamed.out()).get("chosenByAuthor").asBoolean()).isTrue();

        CliRunner.Result nearby = cli.run("nearby", "--lat", "35.6812", "--lon", "139.7671", "--radius", "100m",
                "--places", "--json");
        assertThat(nearby.exitCode()).as(nearby.toString()).isZero();
        List<String> places = new ArrayList<>();
        JsonLines.parse(nearby.out()).forEach(n -> places.add(n.get("place").asText()));
        assertThat(places).hasSize(4).containsOnlyOnce("Marunouchi").contains("Tokyo, Japan");
        assertThat(cli.run("nearby", "--lat", "35.6812", "--lon", "139.7671", "--radius", "100m", "--places")
                .outLines().get(0)).contains("PLACE");

        assertThat(cli.run("place", post, "--clear", "--user", "aiko").out()).startsWith("Tokyo, Japan\n");
    }

    private static long count(Document doc, String tag, String cssClass) {
        NodeList nodes = doc.getElementsByTagName(tag);
        long n = 0;
        for (int i = 0; i < nodes.getLength(); i++) {
            if (((Element) nodes.item(i)).getAttribute("class").equals(cssClass)) {
                n++;
            }
        }
        return n;
    }
}
