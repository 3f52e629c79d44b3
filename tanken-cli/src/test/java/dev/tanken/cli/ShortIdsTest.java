package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.UploadOptions;
import dev.tanken.model.PostId;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Post ids shown and taken as the shortest beginning no other post shares, as git does with hashes. */
class ShortIdsTest {
    static final String A = "0190aaaa-1111-7000-8000-000000000001";
    static final String B = "0190aaaa-1111-7000-8000-000000000002";
    static final String C = "0190aaaa-2222-7000-8000-000000000000";
    static final String D = "0190bbbb-0000-7000-8000-000000000000";
    static final String E = "0190bbbc-0000-7000-8000-000000000000";

    @TempDir
    Path home;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
        try (Tanken tanken = Tanken.open(TankenConfig.embedded(home))) {
            long seed = 1;
            for (String id : List.of(A, B, C, D, E)) {
                tanken.upload(TestPhotos.jpeg(35.6812, 139.7671, seed++),
                        UploadOptions.by("mei").withCaption("post " + id.substring(30)), new PostId(UUID.fromString(id)));
            }
        }
    }

    @Test
    void tablesShowTheShortestBeginningNoOtherPostShares() {
        CliRunner.Result posts = cli.run("posts", "--user", "mei");
        assertThat(posts.exitCode()).as(posts.toString()).isZero();
        assertThat(firstColumn(posts.outLines())).containsExactly(
                "0190bbbc", "0190bbbb", "0190aaaa-2", "0190aaaa-1111-7000-8000-000000000002",
                "0190aaaa-1111-7000-8000-000000000001");

        CliRunner.Result nearby = cli.run("nearby", "--lat", "35.6812", "--lon", "139.7671", "--as", "mei");
        assertThat(nearby.exitCode()).as(nearby.toString()).isZero();
        assertThat(nearby.out()).contains(" 0190bbbb ", " 0190aaaa-2 ").doesNotContain(D, C);
    }

    @Test
    void machineFormatsKeepWholeIds() {
        JsonNode posts = JsonLines.parse(cli.run("posts", "--user", "mei", "--json").out());
        List<String> ids = new ArrayList<>();
        posts.forEach(p -> ids.add(p.get("postId").asText()));
        assertThat(ids).containsExactly(E, D, C, B, A);
        assertThat(cli.run("posts", "--user", "mei", "--format", "csv").out()).contains(D, C);
    }

    @Test
    void aUniqueBeginningWorksWhereverAPostIdIsTaken() {
        CliRunner.Result show = cli.run("post", "show", "0190aaaa-2", "--json");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(JsonLines.parse(show.out()).get("postId").asText()).isEqualTo(C);

        assertThat(cli.run("post", "show", "0190AAAA2").out()).as("case and dashes do not matter").contains(C);
        CliRunner.Result like = cli.run("like", "0190bbbb", "--user", "ken");
        assertThat(like.exitCode()).as(like.toString()).isZero();
        assertThat(like.out()).contains("ken likes post " + D);
        CliRunner.Result comment = cli.run("comment", "0190bbbc", "nice", "--user", "ken");
        assertThat(comment.exitCode()).as(comment.toString()).isZero();
        assertThat(cli.run("comments", "0190bbbc").out()).contains("nice");
        CliRunner.Result edit = cli.run("post", "edit", "0190bbbc", "--user", "mei", "--tag", "tokyo");
        assertThat(edit.exitCode()).as(edit.toString()).isZero();
        CliRunner.Result nearby = cli.run("nearby", "--post", "0190aaaa-2", "--json");
        assertThat(nearby.exitCode()).as(nearby.toString()).isZero();
        assertThat(JsonLines.parse(nearby.out())).hasSize(5);
        CliRunner.Result place = cli.run("place", "0190bbbc");
        assertThat(place.exitCode()).as(place.toString()).isZero();
        CliRunner.Result delete = cli.run("delete", "0190bbbc", "--user", "mei", "--yes");
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).contains("deleted post " + E);
        assertThat(cli.run("post", "show", E).exitCode()).isEqualTo(2);
    }

    @Test
    void anAmbiguousBeginningIsBadInputNamingCandidates() {
        CliRunner.Result r = cli.run("post", "show", "0190aaaa");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("tanken: post id 0190aaaa is ambiguous: 3 posts' ids begin so, such as "
                + A + ", " + B + ", " + C + "; give more of it");
        assertThat(r.out()).isEmpty();

        CliRunner.Result many = cli.run("like", "0190", "--user", "ken");
        assertThat(many.exitCode()).as(many.toString()).isEqualTo(2);
        assertThat(many.err()).contains("0190 is ambiguous: 5 posts'", A, E);
        assertThat(cli.run("user", "list", "--json").out()).as("a refused like creates no user").doesNotContain("ken");
    }

    @Test
    void aBeginningThatMatchesNothingOrIsTooShortOrNotHexIsBadInput() {
        CliRunner.Result none = cli.run("post", "show", "0191");
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
        assertThat(none.errLines()).containsExactly("tanken: no post id begins with 0191");

        CliRunner.Result shortOne = cli.run("delete", "019", "--yes");
        assertThat(shortOne.exitCode()).as(shortOne.toString()).isEqualTo(2);
        assertThat(shortOne.err()).contains("at least 4 hexadecimal digits", "'019'");

        CliRunner.Result notHex = cli.run("comments", "0190xyz");
        assertThat(notHex.exitCode()).as(notHex.toString()).isEqualTo(2);
        assertThat(notHex.err()).contains("not a post id or the beginning of one", "'0190xyz'");
    }

    /** The POST column of a table: the first cell of every line after the header. */
    private static List<String> firstColumn(List<String> lines) {
        return lines.stream().skip(1).filter(l -> !l.isBlank() && !l.startsWith("next page"))
                .map(l -> l.strip().split("\\s+")[0]).toList();
    }
}
