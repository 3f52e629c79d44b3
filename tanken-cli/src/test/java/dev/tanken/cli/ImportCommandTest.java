package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken import} of a directory tree holding every kind of file a camera folder may hold. */
class ImportCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path tree;

    CliRunner cli;

    Path a;
    Path b;
    Path c;
    Path copyOfA;
    Path noGps;
    Path broken;
    Path notes;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRunner(home);
        Files.createDirectories(tree.resolve("2024/05/kyoto"));
        Files.createDirectories(tree.resolve(".thumbnails"));
        a = TestPhotos.writeJpeg(tree, "a.jpg", 35.6812, 139.7671, 11);
        b = TestPhotos.writeJpeg(tree.resolve("2024"), "b.jpg", 35.6586, 139.7454, 12);
        c = TestPhotos.writeJpeg(tree.resolve("2024/05/kyoto"), "c.JPG", 34.9671, 135.7727, 13);
        copyOfA = Files.copy(a, tree.resolve("2024/05/copy-of-a.jpg"));
        noGps = Files.write(tree.resolve("2024/05/indoor.jpg"), PlainJpegs.withoutGps(14));
        // Starts like a JPEG, then garbage: an image file that is damaged, not a non-image.
        byte[] damaged = TestPhotos.jpeg(35.0, 139.0, 15);
        Arrays.fill(damaged, 4, damaged.length, (byte) 0x5A);
        broken = Files.write(tree.resolve("2024/broken.jpg"), damaged);
        notes = Files.writeString(tree.resolve("2024/05/notes.txt"), "shot list: temples, bridges");
        TestPhotos.writeJpeg(tree.resolve(".thumbnails"), "thumb.jpg", 1.0, 1.0, 16);
        TestPhotos.writeJpeg(tree, ".hidden.jpg", 2.0, 2.0, 17);
    }

    @Test
    void importsEveryGoodPhotoAndReportsEveryOtherFile() {
        CliRunner.Result r = cli.run("import", tree.toString(), "--user", "aiko", "--concurrency", "3", "--json");

        // Every rejection is the file's own and is counted: set -e scripts go on.
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> lines = JsonLines.parseLines(r.out());
        JsonNode summary = lines.get(lines.size() - 1).get("summary");
        assertThat(summary).as(r.toString()).isNotNull();
        List<JsonNode> files = lines.subList(0, lines.size() - 1);

        Map<String, String> statusByFile = files.stream()
                .collect(Collectors.toMap(l -> l.get("file").asText(), l -> l.get("status").asText()));
        // Either copy may win the race to be first; exactly one of the two is the duplicate.
        assertThat(List.of(statusByFile.get(a.toString()), statusByFile.get(copyOfA.toString())))
                .containsExactlyInAnyOrder("created", "duplicate");
        assertThat(statusByFile).containsEntry(b.toString(), "created")
                .containsEntry(c.toString(), "created")
                .containsEntry(noGps.toString(), "rejected")
                .containsEntry(broken.toString(), "rejected")
                .containsEntry(notes.toString(), "skipped")
                .hasSize(7);
        assertThat(r.out()).doesNotContain(".thumbnails").doesNotContain(".hidden.jpg");

        assertThat(summary.get("files").asInt()).isEqualTo(7);
        assertThat(summary.get("created").asInt()).isEqualTo(3);
        assertThat(summary.get("duplicates").asInt()).isEqualTo(1);
        // The summary counts in the lines' own words: two lines say rejected, one of them for want of GPS.
        assertThat(summary.get("rejected").asInt()).isEqualTo(2);
        assertThat(summary.get("noGps").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("skipped").asInt()).isEqualTo(1);
        assertThat(UploadCommandTest.fieldNames(summary)).containsExactly("files", "created", "queued",
                "duplicates", "rejected", "noGps", "failed", "skipped");
        assertThat(files.stream().filter(l -> l.get("file").asText().equals(noGps.toString())).findFirst()
                .orElseThrow().get("error").asText())
                .isEqualTo("no GPS position in the photo's metadata; post it with 'tanken upload FILE --lat D --lon D'");

        // Every good photo is really there: the duplicate names the same post as its original.
        JsonNode postA = post(files, a);
        assertThat(post(files, copyOfA).get("postId")).isEqualTo(postA.get("postId"));
        for (Path photo : List.of(a, b, c)) {
            String id = post(files, photo).get("postId").asText();
            CliRunner.Result show = cli.run("post", "show", id, "--json");
            assertThat(show.exitCode()).as(show.toString()).isZero();
            assertThat(JsonLines.parse(show.out()).get("author").asText()).isEqualTo("aiko");
        }
    }

    @Test
    void importingAgainFindsOnlyDuplicates() {
        cli.run("import", tree.toString(), "--json");

        CliRunner.Result again = cli.run("import", tree.toString(), "--json");

        List<JsonNode> lines = JsonLines.parseLines(again.out());
        JsonNode summary = lines.get(lines.size() - 1).get("summary");
        assertThat(summary.get("created").asInt()).as(again.toString()).isZero();
        assertThat(summary.get("duplicates").asInt()).isEqualTo(4);
    }

    @Test
    void humanOutputListsTheProblemsAndTheSummary() {
        CliRunner.Result r = cli.run("import", tree.toString(), "--concurrency", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("rejected  " + noGps).contains("rejected  " + broken)
                .doesNotContain(notes.toString())
                .containsPattern("created\\s+3")
                .containsPattern("duplicates\\s+1")
                .containsPattern("rejected\\s+2  \\(1 without GPS\\)")
                .containsPattern("failed\\s+0")
                .containsPattern("skipped\\s+1");
        assertThat(r.errLines()).containsExactly("tanken: 2 of 7 files could not be imported (2 rejected, 0 failed)");
    }

    @Test
    void strictMakesARejectedPhotoExitTwo() {
        CliRunner.Result r = cli.run("import", tree.toString(), "--strict", "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        JsonNode summary = JsonLines.parseLines(r.out()).get(JsonLines.parseLines(r.out()).size() - 1).get("summary");
        assertThat(summary.get("created").asInt()).isEqualTo(3);
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndWritesNothing() {
        CliRunner.Result r = cli.run("import", tree.toString(), "--user", "nobody-yet", "--dry-run", "--json",
                "--concurrency", "1");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> lines = JsonLines.parseLines(r.out());
        Map<String, String> statusByFile = lines.subList(0, lines.size() - 1).stream()
                .collect(Collectors.toMap(l -> l.get("file").asText(), l -> l.get("status").asText()));
        assertThat(statusByFile).containsEntry(a.toString(), "would-create").containsEntry(b.toString(), "would-create")
                .containsEntry(noGps.toString(), "rejected").containsEntry(notes.toString(), "skipped");
        JsonNode summary = lines.get(lines.size() - 1).get("summary");
        assertThat(summary.get("dryRun").asBoolean()).isTrue();
        assertThat(summary.get("created").asInt()).isZero();
        assertThat(summary.get("wouldCreate").asInt()).isGreaterThanOrEqualTo(4);
        // Nothing was stored: no posts, and not even the user.
        assertThat(cli.run("posts", "--user", "nobody-yet").err()).contains("nobody-yet");
        assertThat(JsonLines.parse(cli.run("activity", "--json").out())).isEmpty();

        // After a real import, a dry run finds the duplicates.
        cli.run("import", tree.toString(), "--user", "aiko");
        List<JsonNode> again = JsonLines.parseLines(cli.run("import", tree.toString(), "--user", "aiko", "--dry-run",
                "--json").out());
        assertThat(again.get(again.size() - 1).get("summary").get("duplicates").asInt()).isEqualTo(4);
    }

    @Test
    void ignoreGlobsAndHiddenFilesAndFolderTags() {
        CliRunner.Result r = cli.run("import", tree.toString(), "--include-hidden", "--ignore", "*.txt",
                "--ignore", "2024/05/**", "--tags-from-folders", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> lines = JsonLines.parseLines(r.out());
        List<String> files = lines.subList(0, lines.size() - 1).stream().map(l -> l.get("file").asText()).toList();
        assertThat(files).containsExactlyInAnyOrder(a.toString(), b.toString(), broken.toString(),
                tree.resolve(".thumbnails/thumb.jpg").toString(), tree.resolve(".hidden.jpg").toString());
        String inFolder = post(lines, b).get("postId").asText();
        assertThat(JsonLines.parse(cli.run("post", "show", inFolder, "--json").out()).get("tags").toString())
                .isEqualTo("[\"2024\"]");
        String hiddenFolder = post(lines, tree.resolve(".thumbnails/thumb.jpg")).get("postId").asText();
        assertThat(JsonLines.parse(cli.run("post", "show", hiddenFolder, "--json").out()).get("tags").toString())
                .isEqualTo("[\"thumbnails\"]");

        assertThat(cli.run("import", tree.toString(), "--ignore", "[").err()).contains("--ignore '['");
    }

    @Test
    void aTreeOfGoodPhotosAndNonImagesExitsWithZero() throws Exception {
        Files.delete(noGps);
        Files.delete(broken);

        CliRunner.Result r = cli.run("import", tree.toString(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void importOfAFileInsteadOfADirectoryIsAUsageError() {
        CliRunner.Result r = cli.run("import", a.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("tanken: not a directory");
    }

    private static JsonNode post(List<JsonNode> lines, Path file) {
        return lines.stream().filter(l -> l.get("file").asText().equals(file.toString())).findFirst().orElseThrow();
    }
}
