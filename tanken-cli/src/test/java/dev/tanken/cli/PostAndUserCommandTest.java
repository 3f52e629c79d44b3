package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostAndUserCommandTest {
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
    void unknownPostIdIsAUsageErrorNamingTheId() {
        String id = UUID.randomUUID().toString();

        CliRunner.Result r = cli.run("post", "show", id);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("tanken: no post with id " + id);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void editReplacesTheTagsOfOnesOwnPostOnly() {
        Path photo = TestPhotos.writeJpeg(photos, "e.jpg", 35.0, 135.0, 22);
        String id = JsonLines.parse(cli.run("upload", "--user", "mei", "--tag", "old", "--json", photo.toString()).out())
                .get("postId").asText();

        CliRunner.Result edit = cli.run("post", "edit", id, "--user", "mei", "--tag", "寺", "--tag", "Kyoto", "--json");
        assertThat(edit.exitCode()).as(edit.toString()).isZero();
        assertThat(JsonLines.parse(edit.out()).get("tags").toString()).isEqualTo("[\"kyoto\",\"寺\"]");
        assertThat(JsonLines.parse(cli.run("post", "show", id, "--json").out()).get("tags").toString())
                .isEqualTo("[\"kyoto\",\"寺\"]");

        CliRunner.Result other = cli.run("post", "edit", id, "--user", "ken", "--no-tags");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
        assertThat(cli.run("post", "edit", id, "--user", "mei").err()).contains("--tag", "--no-tags");
        assertThat(cli.run("post", "edit", id, "--user", "mei", "--no-tags").out()).contains("now tagged with nothing");
        assertThat(JsonLines.parse(cli.run("activity", "--action", "post.tags", "--json").out())).hasSize(2);
    }

    @Test
    void editReplacesTheCaptionCheckedAsUploadChecksIt() {
        Path photo = TestPhotos.writeJpeg(photos, "c.jpg", 35.0, 135.0, 24);
        String id = JsonLines.parse(cli.run("upload", "--user", "mei", "--caption", "old", "--json", photo.toString())
                .out()).get("postId").asText();

        cli.run("user", "add", "ken");
        CliRunner.Result edit = cli.run("post", "edit", id, "--user", "mei", "--caption", "清水寺 🌸\nspring", "--json");
        assertThat(edit.exitCode()).as(edit.toString()).isZero();
        assertThat(JsonLines.parse(edit.out()).get("caption").asText()).isEqualTo("清水寺 🌸\nspring");
        assertThat(JsonLines.parse(cli.run("post", "show", id, "--as", "ken", "--json").out()).get("caption").asText())
                .isEqualTo("清水寺 🌸\nspring");

        CliRunner.Result escape = cli.run("post", "edit", id, "--user", "mei", "--caption", "\u001b[31mred",
                "--tag", "new");
        assertThat(escape.exitCode()).as(escape.toString()).isEqualTo(2);
        assertThat(escape.err()).contains("caption", "U+001B");
        CliRunner.Result tooLong = cli.run("post", "edit", id, "--user", "mei", "--caption", "x".repeat(2201));
        assertThat(tooLong.exitCode()).as(tooLong.toString()).isEqualTo(2);
        CliRunner.Result other = cli.run("post", "edit", id, "--user", "ken", "--caption", "mine");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
        JsonNode unchanged = JsonLines.parse(cli.run("post", "show", id, "--json").out());
        assertThat(unchanged.get("caption").asText()).isEqualTo("清水寺 🌸\nspring");
        assertThat(unchanged.get("tags").toString()).isEqualTo("[]");

        CliRunner.Result cleared = cli.run("post", "edit", id, "--user", "mei", "--caption", "");
        assertThat(cleared.exitCode()).as(cleared.toString()).isZero();
        assertThat(cleared.out()).contains("post " + id + " now without a caption");
        assertThat(JsonLines.parse(cli.run("post", "show", id, "--json").out()).get("caption").asText()).isEmpty();
        assertThat(JsonLines.parse(cli.run("activity", "--action", "post.caption", "--json").out())).hasSize(2);
    }

    @Test
    void downloadToAFileNamesTheMistake() throws Exception {
        Path photo = TestPhotos.writeJpeg(photos, "d.jpg", 35.0, 135.0, 23);
        String id = JsonLines.parse(cli.run("upload", "--user", "mei", "--json", photo.toString()).out())
                .get("postId").asText();
        Path file = java.nio.file.Files.writeString(home.resolve("some-file"), "x");

        CliRunner.Result r = cli.run("post", "show", id, "--download", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--download takes a directory, and " + file + " is a file");
    }

    @Test
    void showPrintsEveryFieldOfThePost() {
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 43.7230, 10.3966, 21);
        String id = JsonLines.parse(cli.run("upload", "--user", "mei", "--caption", "leaning", "--tag", "pisa",
                "--json", photo.toString()).out()).get("postId").asText();

        JsonNode post = JsonLines.parse(cli.run("post", "show", id, "--json").out());
        assertThat(UploadCommandTest.fieldNames(post)).containsExactly("postId", "createdAt", "author", "authorId",
                "caption", "latitude", "longitude", "altitude", "takenAt", "likes", "bookmarks", "comments", "tags",
                "picture", "locationPrecision", "variants", "variantsNote", "downloadedTo");
        assertThat(post.get("postId").asText()).isEqualTo(id);
        assertThat(post.get("picture").get("mediaType").asText()).isEqualTo("image/jpeg");
        assertThat(post.get("picture").get("width").asInt()).isPositive();
        assertThat(post.get("likes").asLong()).isZero();

        CliRunner.Result human = cli.run("post", "show", id);
        assertThat(human.exitCode()).isZero();
        assertThat(human.out()).contains(id, "mei", "leaning", "#pisa", "image/jpeg",
                post.get("picture").get("sha256").asText());
    }

    @Test
    void userAddCreatesAUserOnceAndRefusesTheNameTwice() {
        CliRunner.Result created = cli.run("user", "add", "kenji", "--email", "kenji@example.jp", "--json");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        JsonNode user = JsonLines.parse(created.out());
        assertThat(UploadCommandTest.fieldNames(user)).containsExactly("id", "username", "email", "createdAt",
                "defaultLocationPrecision");
        assertThat(user.get("username").asText()).isEqualTo("kenji");
        assertThat(user.get("email").asText()).isEqualTo("kenji@example.jp");
        UUID.fromString(user.get("id").asText());

        CliRunner.Result again = cli.run("user", "add", "kenji");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);
        assertThat(again.errLines()).hasSize(1);
        assertThat(again.errLines().get(0)).startsWith("tanken: ").contains("kenji");
    }

    @Test
    void uploadsByAnExistingUserAreTheirs() {
        cli.run("user", "add", "kenji");
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 43.7230, 10.3966, 22);

        CliRunner.Result r = cli.run("upload", "--user", "kenji", "--json", photo.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String id = JsonLines.parse(r.out()).get("postId").asText();
        assertThat(JsonLines.parse(cli.run("post", "show", id, "--json").out()).get("author").asText())
                .isEqualTo("kenji");
    }

    @Test
    void invalidEmailIsAUsageError() {
        CliRunner.Result r = cli.run("user", "add", "kenji", "--email", "not-an-address");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("tanken: email must look like name@host, got 'not-an-address'");
    }
}
