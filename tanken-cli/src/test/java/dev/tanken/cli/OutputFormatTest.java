package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --format table|json|jsonl|csv} on a listing, with the next page's cursor in each. */
class OutputFormatTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
        for (int i = 0; i < 3; i++) {
            Path photo = TestPhotos.writeJpeg(photos, "p" + i + ".jpg", 35.68 + i * 0.001, 139.76, 60 + i);
            cli.run("upload", "--user", "mei", "--caption", "東京, \"quoted\" " + i, photo.toString());
        }
    }

    @Test
    void jsonLinesEndWithTheCursorThatFetchesTheRest() {
        CliRunner.Result first = cli.run("nearby", "--lat", "35.68", "--lon", "139.76", "--limit", "2",
                "--format", "jsonl");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).isEmpty();
        List<JsonNode> lines = JsonLines.parseLines(first.out());
        assertThat(lines).hasSize(3);
        String cursor = lines.get(2).get("nextCursor").asText();

        List<JsonNode> rest = JsonLines.parseLines(cli.run("nearby", "--lat", "35.68", "--lon", "139.76", "--limit",
                "2", "--format", "jsonl", "--cursor", cursor).out());
        assertThat(rest).hasSize(1);
        assertThat(rest.get(0).has("postId")).isTrue();
        List<String> ids = new ArrayList<>();
        lines.subList(0, 2).forEach(l -> ids.add(l.get("postId").asText()));
        assertThat(ids).doesNotContain(rest.get(0).get("postId").asText());
    }

    @Test
    void csvHasTheTablesColumnsQuotedAsRfc4180Says() {
        CliRunner.Result r = cli.run("posts", "--user", "mei", "--format", "csv");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> rows = r.out().lines().toList();
        assertThat(rows.get(0)).isEqualTo("POST,AUTHOR,CREATED,CAPTION,LIKES,COMMENTS");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1)).contains(",mei,").contains("\"東京, \"\"quoted\"\" 2\"");
        assertThat(r.out()).contains("\r\n");
    }

    @Test
    void jsonIsTheArrayAndDisagreeingFlagsAreRefused() {
        String viaFormat = cli.run("posts", "--user", "mei", "--format", "json").out();
        assertThat(viaFormat).isEqualTo(cli.run("posts", "--user", "mei", "--json").out());
        assertThat(JsonLines.parse(viaFormat).isArray()).isTrue();
        CliRunner.Result both = cli.run("posts", "--user", "mei", "--json", "--format", "csv");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--json and --format csv disagree");
        assertThat(cli.run("posts", "--format", "xml").exitCode()).isEqualTo(2);
        // Before the command name too.
        assertThat(cli.run("--format", "csv", "posts", "--user", "mei").out()).startsWith("POST,AUTHOR");
    }

    @Test
    void wholeListingsHonourTheFormatLikePagedOnes() {
        for (String app : List.of("billing", "shop")) {
            assertThat(cli.run("activity", "app", "add", app).exitCode()).isZero();
        }
        List<JsonNode> lines = JsonLines.parseLines(cli.run("activity", "app", "list", "--format", "jsonl").out());
        assertThat(lines).extracting(l -> l.get("name").asText()).containsExactly("billing", "shop");
        List<String> rows = cli.run("activity", "app", "list", "--format", "csv").out().lines().toList();
        assertThat(rows.get(0)).isEqualTo("NAME,CREATED");
        assertThat(rows).hasSize(3);
        assertThat(JsonLines.parse(cli.run("activity", "dead-letters", "--json").out()).isArray()).isTrue();
        assertThat(cli.run("activity", "dead-letters").out()).isEqualTo("no dead letters\n");
        CliRunner.Result neither = cli.run("activity", "dead-letters", "drop");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("name dead letters by id, or pass --all (not both)");
    }
}
