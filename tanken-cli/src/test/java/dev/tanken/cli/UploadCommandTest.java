package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.model.PostId;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken upload} on the embedded store: a real SQLite file and blob folder in a temp home. */
class UploadCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
    }

    @Test
    void uploadCreatesAPostAtThePhotosGpsPosition() throws Exception {
        Path photo = TestPhotos.writeJpeg(photos, "shibuya.jpg", 35.6595, 139.7005, 1);

        CliRunner.Result r = cli.run("upload", "--user", "aiko", "--caption", "Shibuya crossing",
                "--tag", "night", "--tag", "#Tokyo", "--json", photo.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        List<JsonNode> lines = JsonLines.parseLines(r.out());
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(fieldNames(line)).containsExactly("file", "status", "postId", "latitude", "longitude", "error");
        assertThat(line.get("file").asText()).isEqualTo(photo.toString());
        assertThat(line.get("status").asText()).isEqualTo("created");
        assertThat(line.get("latitude").asDouble()).isCloseTo(35.6595, within(1e-5));
        assertThat(line.get("longitude").asDouble()).isCloseTo(139.7005, within(1e-5));
        assertThat(line.get("error").isNull()).isTrue();

        JsonNode post = showPost(line.get("postId").asText());
        assertThat(post.get("author").asText()).isEqualTo("aiko");
        assertThat(post.get("caption").asText()).isEqualTo("Shibuya crossing");
        assertThat(post.get("tags")).extracting(JsonNode::asText).containsExactly("night", "tokyo");
        assertThat(post.get("picture").get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(photo)));
        assertThat(Files.exists(home.resolve("tanken.db"))).isTrue();
    }

    @Test
    void uploadingTheSamePhotoAgainReportsTheEarlierPost() throws Exception {
        Path photo = TestPhotos.writeJpeg(photos, "kyoto.jpg", 35.0116, 135.7681, 2);

        JsonNode first = JsonLines.parse(cli.run("upload", "--json", photo.toString()).out());
        CliRunner.Result again = cli.run("upload", "--json", photo.toString());

        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode second = JsonLines.parse(again.out());
        assertThat(first.get("status").asText()).isEqualTo("created");
        assertThat(second.get("status").asText()).isEqualTo("duplicate");
        assertThat(second.get("postId").asText()).isEqualTo(first.get("postId").asText());
    }

    @Test
    void photoWithoutGpsIsRejectedWithAClearMessage() throws Exception {
        Path photo = Files.write(photos.resolve("indoor.jpg"), PlainJpegs.withoutGps(3));

        CliRunner.Result r = cli.run("upload", "--json", photo.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        JsonNode line = JsonLines.parse(r.out());
        assertThat(line.get("status").asText()).isEqualTo("rejected");
        assertThat(line.get("postId").isNull()).isTrue();
        assertThat(line.get("latitude").isNull()).isTrue();
        assertThat(line.get("error").asText()).contains("GPS").contains("--lat");
        assertThat(r.errLines()).containsExactly("tanken: 1 of 1 files rejected");
    }

    @Test
    void photoWithoutGpsIsPostedWhereLatAndLonSay() throws Exception {
        Path photo = Files.write(photos.resolve("indoor.jpg"), PlainJpegs.withoutGps(4));

        CliRunner.Result r = cli.run("upload", "--lat", "-33.8568", "--lon", "151.2153", "--json", photo.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode line = JsonLines.parse(r.out());
        assertThat(line.get("status").asText()).isEqualTo("created");
        JsonNode post = showPost(line.get("postId").asText());
        assertThat(post.get("latitude").asDouble()).isEqualTo(-33.8568);
        assertThat(post.get("longitude").asDouble()).isEqualTo(151.2153);
    }

    @Test
    void oneLinePerFileAndTheBadOnesDoNotStopTheGoodOnes() throws Exception {
        Path good = TestPhotos.writeJpeg(photos, "good.jpg", 48.8584, 2.2945, 5);
        Path text = Files.writeString(photos.resolve("notes.jpg"), "not a photo at all");
        Path missing = photos.resolve("missing.jpg");
        Path alsoGood = TestPhotos.writeJpeg(photos, "also-good.jpg", 48.8606, 2.3376, 6);

        CliRunner.Result r = cli.run("upload", "--json",
                good.toString(), text.toString(), missing.toString(), alsoGood.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        List<JsonNode> lines = JsonLines.parseLines(r.out());
        assertThat(lines).extracting(l -> l.get("file").asText())
                .containsExactly(good.toString(), text.toString(), missing.toString(), alsoGood.toString());
        assertThat(lines).extracting(l -> l.get("status").asText())
                .containsExactly("created", "rejected", "rejected", "created");
        assertThat(lines.get(1).get("error").asText()).isNotBlank();
        assertThat(lines.get(2).get("error").asText()).isEqualTo("no such file");
        assertThat(r.errLines()).containsExactly("tanken: 2 of 4 files rejected");
    }

    @Test
    void humanOutputIsOneLinePerFile() throws Exception {
        Path good = TestPhotos.writeJpeg(photos, "good.jpg", 51.5007, -0.1246, 7);
        Path noGps = Files.write(photos.resolve("no-gps.jpg"), PlainJpegs.withoutGps(8));

        CliRunner.Result r = cli.run("upload", good.toString(), noGps.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.outLines()).hasSize(2);
        assertThat(r.outLines().get(0)).startsWith("created").contains(good.toString()).contains("post ");
        assertThat(r.outLines().get(1)).startsWith("rejected").contains(noGps.toString()).contains("GPS");
    }

    @Test
    void theActingUserDefaultsToTheSanitisedOsUser() throws Exception {
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 40.6892, -74.0445, 9);

        CliRunner.Result r = cli.osUser("Jo Doe").run("upload", "--json", photo.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode post = showPost(JsonLines.parse(r.out()).get("postId").asText());
        assertThat(post.get("author").asText()).isEqualTo("Jo_Doe");
    }

    @Test
    void withoutCaptionTheUploadTakesThePhotosDescription() {
        Path described = TestPhotos.writeJpeg(photos, "gate.jpg", 35.7111, 139.7965, 20, "Kaminarimon gate, Asakusa");
        Path placeholder = TestPhotos.writeJpeg(photos, "olympus.jpg", 35.7112, 139.7966, 21, "OLYMPUS DIGITAL CAMERA");

        CliRunner.Result r = cli.run("upload", "--json", described.toString(), placeholder.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> lines = JsonLines.parseLines(r.out());
        assertThat(showPost(lines.get(0).get("postId").asText()).get("caption").asText())
                .isEqualTo("Kaminarimon gate, Asakusa");
        assertThat(showPost(lines.get(1).get("postId").asText()).get("caption").asText()).isEmpty();
    }

    @Test
    void anExplicitCaptionEvenAnEmptyOneWinsOverThePhotosDescription() {
        Path first = TestPhotos.writeJpeg(photos, "a.jpg", 35.7111, 139.7965, 22, "from the camera");
        Path second = TestPhotos.writeJpeg(photos, "b.jpg", 35.7111, 139.7965, 23, "from the camera");

        CliRunner.Result given = cli.run("upload", "--json", "--caption", "雷門", first.toString());
        CliRunner.Result empty = cli.run("upload", "--json", "--caption", "", second.toString());

        assertThat(given.exitCode()).as(given.toString()).isZero();
        assertThat(empty.exitCode()).as(empty.toString()).isZero();
        assertThat(showPost(JsonLines.parse(given.out()).get("postId").asText()).get("caption").asText())
                .isEqualTo("雷門");
        assertThat(showPost(JsonLines.parse(empty.out()).get("postId").asText()).get("caption").asText()).isEmpty();
    }

    private JsonNode showPost(String id) {
        PostId.parse(id);
        CliRunner.Result show = cli.run("post", "show", id, "--json");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        return JsonLines.parse(show.out());
    }

    static List<String> fieldNames(JsonNode node) {
        Iterator<String> names = node.fieldNames();
        return StreamSupport.stream(((Iterable<String>) () -> names).spliterator(), false).toList();
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
