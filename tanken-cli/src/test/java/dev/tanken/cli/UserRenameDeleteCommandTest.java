package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code user rename} and {@code user delete}. */
class UserRenameDeleteCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
    }

    private String upload(String user, long seed) {
        Path photo = TestPhotos.writeJpeg(photos, "p" + seed + ".jpg", 35.0, 135.0 + seed / 1e4, seed);
        CliRunner.Result r = cli.run("upload", "--user", user, "--json", photo.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JsonLines.parse(r.out()).get("postId").asText();
    }

    private long blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void renameKeepsThePostsAndRefusesATakenOrInvalidName() {
        String post = upload("mei", 1);
        upload("ken", 2);

        CliRunner.Result renamed = cli.run("user", "rename", "mei", "mei.tanaka", "--json");
        assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
        assertThat(JsonLines.parse(renamed.out()).get("username").asText()).isEqualTo("mei.tanaka");
        assertThat(JsonLines.parse(cli.run("post", "show", post, "--json").out()).get("author").asText())
                .isEqualTo("mei.tanaka");
        assertThat(cli.run("user", "show", "mei").exitCode()).isEqualTo(2);

        CliRunner.Result taken = cli.run("user", "rename", "mei.tanaka", "ken");
        assertThat(taken.exitCode()).as(taken.toString()).isEqualTo(2);
        assertThat(taken.err()).isEqualTo("tanken: username 'ken' is already taken\n");
        CliRunner.Result invalid = cli.run("user", "rename", "mei.tanaka", "two words");
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(2);
        CliRunner.Result unknown = cli.run("user", "rename", "nobody", "somebody");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("nobody");
        assertThat(cli.run("user", "show", "somebody").exitCode()).isEqualTo(2);

        List<JsonNode> entries = new ArrayList<>();
        JsonLines.parse(cli.run("activity", "--action", "user.rename", "--json").out()).forEach(entries::add);
        assertThat(entries).singleElement().satisfies(e -> assertThat(e.toString()).contains("mei.tanaka", "mei"));
        CliRunner.Result history = cli.run("activity", "--actor", "mei", "--action", "post.create", "--json");
        assertThat(history.exitCode()).as("the former name still finds its history: " + history).isZero();
        assertThat(JsonLines.parse(history.out())).hasSize(1);
        assertThat(cli.run("activity", "--actor", "nobody").exitCode()).isEqualTo(2);
    }

    @Test
    void deleteRemovesThePostsAndPicturesAndCorrectsOthersCounts() throws IOException {
        String meis = upload("mei", 3);
        String kens = upload("ken", 4);
        long blobsBefore = blobFiles();
        assertThat(cli.run("like", kens, "--user", "mei").exitCode()).isZero();
        assertThat(cli.run("comment", kens, "hello", "--user", "mei").exitCode()).isZero();
        assertThat(cli.run("like", meis, "--user", "ken").exitCode()).isZero();

        CliRunner.Result refused = cli.run("user", "delete", "mei");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("--yes");
        CliRunner asking = new CliRunner(home).answering("n");
        CliRunner.Result no = asking.run("user", "delete", "mei");
        assertThat(no.exitCode()).as(no.toString()).isEqualTo(1);
        assertThat(asking.asked).singleElement().asString().contains("Delete user mei");
        assertThat(cli.run("post", "show", meis).exitCode()).isZero();

        CliRunner.Result deleted = cli.run("user", "delete", "mei", "--yes", "--json");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        JsonNode summary = JsonLines.parse(deleted.out());
        assertThat(summary.get("deleted").asBoolean()).isTrue();
        assertThat(summary.get("posts").asLong()).isEqualTo(1);
        assertThat(summary.get("likes").asLong()).isEqualTo(1);
        assertThat(summary.get("comments").asLong()).isEqualTo(1);

        assertThat(cli.run("post", "show", meis).exitCode()).isEqualTo(2);
        assertThat(cli.run("user", "show", "mei").exitCode()).isEqualTo(2);
        JsonNode left = JsonLines.parse(cli.run("post", "show", kens, "--json").out());
        assertThat(left.get("likes").asLong()).isZero();
        assertThat(left.get("comments").asLong()).isZero();
        assertThat(blobFiles()).as("mei's picture and its copies are gone").isLessThan(blobsBefore);
        assertThat(cli.run("user", "delete", "mei", "--yes").exitCode()).isEqualTo(2);
        assertThat(JsonLines.parse(cli.run("activity", "--action", "user.delete", "--json").out())).hasSize(1);
        assertThat(JsonLines.parse(cli.run("activity", "--action", "post.create", "--json").out()))
                .as("history stays").hasSize(2);
    }
}
