package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code delete}: asks on a terminal unless --yes; without one it needs --yes. */
class DeleteConfirmationTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    String post;

    @BeforeEach
    void upload() {
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 35.0, 135.0, 41);
        post = JsonLines.parse(new CliRunner(home).run("upload", "--user", "mei", "--json", photo.toString()).out())
                .get("postId").asText();
    }

    private boolean exists() {
        return new CliRunner(home).run("post", "show", post).exitCode() == 0;
    }

    @Test
    void withoutATerminalItRefusesAndNamesYes() {
        CliRunner.Result r = new CliRunner(home).run("delete", post, "--user", "mei");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("tanken: ").contains("--yes").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
        assertThat(exists()).isTrue();

        CliRunner.Result yes = new CliRunner(home).run("delete", post, "--user", "mei", "--yes");
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(yes.out()).startsWith("deleted post " + post);
        assertThat(exists()).isFalse();
    }

    @Test
    void onATerminalOnlyAYesDeletes() {
        for (String answer : new String[] {"", "n", "nope"}) {
            CliRunner cli = new CliRunner(home).answering(answer);
            CliRunner.Result no = cli.run("delete", post, "--user", "mei");
            assertThat(no.exitCode()).as(no.toString()).isEqualTo(1);
            assertThat(no.err()).isEqualTo("tanken: post " + post + " not deleted\n");
            assertThat(cli.asked).singleElement().asString().contains("Delete post " + post);
            assertThat(exists()).as("after answering '%s'", answer).isTrue();
        }
        CliRunner cli = new CliRunner(home).answering("Y");
        CliRunner.Result yes = cli.run("delete", post, "--user", "mei");
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(exists()).isFalse();
    }

    @Test
    void yesSkipsTheQuestionAndWhoMayNotDeleteIsNotAsked() {
        CliRunner notAuthor = new CliRunner(home).answering("y");
        CliRunner.Result ken = notAuthor.run("delete", post, "--user", "ken");
        assertThat(ken.exitCode()).isEqualTo(2);
        assertThat(ken.err()).contains("only the post's author (mei)");
        assertThat(notAuthor.asked).isEmpty();

        CliRunner author = new CliRunner(home).answering("n");
        CliRunner.Result yes = author.run("delete", post, "--user", "mei", "-y", "--json");
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(JsonLines.parse(yes.out()).get("deleted").asBoolean()).isTrue();
        assertThat(author.asked).isEmpty();
    }
}
