package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules every command follows for what it is given: closed sets refuse what is not in them, named
 * users must exist, commands that only read or remove create nobody, paths mean what a shell user
 * means, and whatever is echoed back cannot drive the terminal.
 */
class InputRulesTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    CliRunner cli;
    String post;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 35.6812, 139.7671, 5);
        post = JsonLines.parse(cli.run("upload", "--user", "mei", "--json", photo.toString()).out())
                .get("postId").asText();
    }

    private static void assertBad(CliRunner.Result r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).startsWith("tanken: ").contains(message);
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void closedSetsRefuseWhatIsNotInThem() {
        assertBad(cli.run("activity", "--subject-type", "planet"), "--subject-type must be one of user, post, comment");
        assertBad(cli.run("activity", "--action", "post.likes"), "--action must be one of user.create,");
        assertBad(cli.run("nearby", "--lat", "35.68", "--lon", "139.76", "--limit", "0"), "must be between 1 and 1000");
        assertBad(cli.run("posts", "--user", "mei", "--limit", "0"), "must be between 1 and 1000");
        assertBad(cli.run("activity", "--limit", "0"), "must be between 1 and 1000");
        assertBad(cli.run("explore", "--lat", "35.68", "--lon", "139.76", "--cell", "0"), "--cell must be at least 1 m");
        assertThat(cli.run("activity", "--action", "post.create").exitCode()).isZero();
    }

    @Test
    void aUserNamedOnTheCommandLineMustExist() {
        assertBad(cli.run("nearby", "--lat", "35.68", "--lon", "139.76", "--as", "typo"), "no user named 'typo'");
        assertBad(cli.run("activity", "--actor", "nobody"), "no user named 'nobody'");
        assertBad(cli.run("posts", "--user", "nobody"), "no user named 'nobody'");
        // The OS user who never used Tanken is simply an anonymous viewer.
        assertThat(cli.osUser("newcomer").run("nearby", "--lat", "35.68", "--lon", "139.76").exitCode()).isZero();
    }

    @Test
    void commandsThatOnlyRemoveOrReadCreateNobody() {
        CliRunner.Result unlike = cli.run("unlike", post, "--user", "ghost", "--json");
        assertThat(unlike.exitCode()).as(unlike.toString()).isZero();
        assertThat(JsonLines.parse(unlike.out()).get("changed").asBoolean()).isFalse();
        assertThat(cli.run("unbookmark", post, "--user", "ghost").exitCode()).isZero();
        assertBad(cli.run("user", "set-precision", "ghost", "hidden"), "no user named 'ghost'");
        assertBad(cli.run("unlike", "00000000-0000-7000-8000-000000000000", "--user", "ghost"), "does not exist");

        assertBad(cli.run("activity", "--actor", "ghost"), "no user named 'ghost'");
        assertThat(cli.run("activity", "--action", "user.create", "--json").out()).doesNotContain("ghost");
    }

    @Test
    void sqlitePathsExpandTheHomeAndRefuseAMissingDirectory() throws Exception {
        Path userHome = Files.createDirectories(home.resolve("me"));
        CliRunner shell = new CliRunner(home).env("HOME", userHome.toString());

        CliRunner.Result tilde = shell.run("--db", "sqlite:~/x.db", "nearby", "--lat", "1", "--lon", "1");
        assertThat(tilde.exitCode()).as(tilde.toString()).isZero();
        assertThat(userHome.resolve("x.db")).exists();
        assertThat(Path.of("~")).doesNotExist();

        Path typo = home.resolve("typo");
        CliRunner.Result missing = shell.run("--db", "sqlite:" + typo.resolve("x.db"), "nearby", "--lat", "1",
                "--lon", "1");
        assertBad(missing, "the database's directory " + typo + " does not exist");
        assertThat(typo).doesNotExist();
        CliRunner.Result fromEnv = shell.env("TANKEN_DB_URL", "sqlite:" + typo.resolve("x.db"))
                .run("nearby", "--lat", "1", "--lon", "1");
        assertBad(fromEnv, "does not exist");
        assertThat(typo).doesNotExist();
    }

    @Test
    void oneRuleForTypedTextRefusesControlCharactersButKeepsLines() {
        assertBad(cli.run("upload", "--caption", "red\u001b[31m", photos.resolve("p.jpg").toString()),
                "caption must not hold control characters other than line breaks and tabs, got U+001B");
        assertBad(cli.run("comment", post, "ding\u0007"), "comment must not hold control characters");
        assertBad(cli.run("comment", post, "del\u007f"), "U+007F");
        assertBad(cli.run("place", post, "--set", "Ueno\u001b", "--user", "mei"), "place name must be one line");
        CliRunner.Result lines = cli.run("comment", post, "first line\n\tsecond line", "--json");
        assertThat(lines.exitCode()).as(lines.toString()).isZero();
        assertThat(JsonLines.parse(lines.out()).get("text").asText()).isEqualTo("first line\n\tsecond line");
    }

    @Test
    void aPhotoCutShortInsideItsSignatureIsADamagedPhotoNotAnotherFormat() throws Exception {
        Path twoBytes = Files.write(photos.resolve("cut.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        CliRunner.Result jpeg = cli.run("upload", twoBytes.toString());
        assertThat(jpeg.exitCode()).as(jpeg.toString()).isEqualTo(2);
        assertThat(jpeg.out()).contains("rejected", "truncated JPEG: the file ends after 2 bytes");
        Path eightBytes = Files.write(photos.resolve("cut.heic"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
        CliRunner.Result heic = cli.run("upload", eightBytes.toString());
        assertThat(heic.exitCode()).as(heic.toString()).isEqualTo(2);
        assertThat(heic.out()).contains("truncated HEIF/ISO media file").doesNotContain("QuickTime")
                .doesNotContain("unsupported image format");
    }

    @Test
    void coordinatesPrintWithoutFloatNoise() {
        cli.run("user", "set-precision", "mei", "approximate");
        Path photo = TestPhotos.writeJpeg(photos, "a.jpg", 35.714812, 139.796611, 6);
        cli.run("upload", "--user", "mei", "--json", photo.toString());

        String json = cli.run("nearby", "--lat", "35.7148", "--lon", "139.7966", "--as", "mei", "--json").out()
                + cli.osUser("stranger").run("nearby", "--lat", "35.7148", "--lon", "139.7966", "--json").out();
        assertThat(json).containsPattern("\"latitude\":35\\.\\d+").doesNotContainPattern("itude\":-?\\d+\\.\\d{8,}");
    }

    @Test
    void messagesEscapeControlCharactersAndCutLongValues() {
        CliRunner.Result esc = cli.run("posts", "--user", "bad\u001b]0;pwned\u0007name");
        assertThat(esc.exitCode()).isEqualTo(2);
        assertThat(esc.err()).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\e]0;pwned\\x07");

        String huge = "x".repeat(120_000);
        CliRunner.Result longValue = cli.run("nearby", "--lat", "1", "--lon", "1", "--as", huge);
        assertThat(longValue.exitCode()).isEqualTo(2);
        assertThat(longValue.err().length()).isLessThan(400);
        assertThat(longValue.err()).containsPattern("x…\\(12000\\d characters\\)");

        CliRunner.Result tag = cli.run("upload", "--tag", "\u001b[2J", photos.resolve("p.jpg").toString());
        assertThat(tag.err()).doesNotContain("\u001b");
    }
}
