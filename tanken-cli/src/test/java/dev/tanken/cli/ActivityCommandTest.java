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

/** {@code tanken activity}: filters, payload conditions, paging and errors, on an embedded home. */
class ActivityCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    CliRunner cli;
    String post;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 35.0, 135.0, 51);
        post = JsonLines.parse(cli.run("upload", "--user", "mei", "--tag", "kyoto", "--json", photo.toString()).out())
                .get("postId").asText();
        cli.run("like", post, "--user", "ken");
        cli.run("comment", post, "a long comment", "--user", "ken");
        cli.run("comment", post, "ok", "--user", "ana");
    }

    private JsonNode activity(String... args) {
        List<String> all = new ArrayList<>(List.of("activity", "--json"));
        all.addAll(List.of(args));
        CliRunner.Result r = cli.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JsonLines.parse(r.out());
    }

    private static List<String> actions(JsonNode entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.get("action").asText()));
        return out;
    }

    @Test
    void listsEverythingNewestFirstWithEveryField() {
        JsonNode all = activity();
        assertThat(actions(all)).containsExactly("comment.create", "user.create", "comment.create", "post.like",
                "user.create", "post.create", "user.create");
        JsonNode like = all.get(3);
        assertThat(UploadCommandTest.fieldNames(like)).containsExactly("id", "occurredAt", "actor", "action",
                "subjectType", "subjectId", "payload", "app");
        assertThat(like.get("actor").asText()).isEqualTo("ken");
        assertThat(like.get("subjectId").asText()).isEqualTo(post);
        assertThat(like.get("payload").get("postAuthor").asText()).isEqualTo("mei");
        CliRunner.Result human = cli.run("activity", "--actor", "ken");
        assertThat(human.out()).contains("post.like", "post " + post, "comment.create");
    }

    @Test
    void filtersByColumnsAndPayload() {
        assertThat(actions(activity("--actor", "ken"))).containsExactly("comment.create", "post.like", "user.create");
        assertThat(actions(activity("--action", "post.like", "--subject", post))).containsExactly("post.like");
        assertThat(activity("--subject", post, "--subject-type", "post")).hasSize(2);
        assertThat(activity("--where", "postAuthor=mei")).hasSize(3);
        assertThat(activity("--where", "length>5")).hasSize(1);
        assertThat(activity("--where", "length<5", "--actor", "ana")).hasSize(1);
        assertThat(activity("--where", "tags?")).hasSize(1);
        assertThat(activity("--where", "tags!=x")).as("an array is not the string x").hasSize(1);
        assertThat(activity("--where", "hasCaption=false")).hasSize(1);
        assertThat(activity("--where", "username=in:ken,ana")).hasSize(2);
        assertThat(activity("--where", "username=in:[\"mei\"]")).hasSize(1);
        assertThat(activity("--where-json", "{\"operation\":\"EQ\",\"path\":[\"length\"],\"value\":2}")).hasSize(1);
        assertThat(activity("--where", "length=\"2\"")).as("a JSON string does not equal the number 2").isEmpty();
        assertThat(activity("--since", "2999-01-01")).isEmpty();
        assertThat(activity("--until", "2000-01-01T00:00:00Z")).isEmpty();
        assertThat(cli.run("activity", "--action", "post.delete").out()).isEqualTo("no activity matches\n");
    }

    @Test
    void pagesWithTheCursorOnStderr() {
        CliRunner.Result first = cli.run("activity", "--json", "--limit", "4");
        assertThat(JsonLines.parse(first.out())).hasSize(4);
        String cursor = first.err().strip().substring("next cursor: ".length());
        CliRunner.Result second = cli.run("activity", "--json", "--limit", "4", "--cursor", cursor);
        assertThat(JsonLines.parse(second.out())).hasSize(3);
        assertThat(second.err()).isEmpty();
        assertThat(cli.run("activity", "--limit", "4").out()).contains("next page: --cursor ");
    }

    @Test
    void aCursorIsRefusedUnderOtherFilters() {
        CliRunner.Result first = cli.run("activity", "--json", "--limit", "2");
        String cursor = first.err().strip().substring("next cursor: ".length());

        assertBad(cli.run("activity", "--action", "comment.create", "--cursor", cursor),
                "cursor belongs to a search with other filters");
        assertBad(cli.run("activity", "--where", "postAuthor=mei", "--cursor", cursor),
                "cursor belongs to a search with other filters");
        // The same filters with another page size go on after the first page.
        assertThat(activity("--limit", "50", "--cursor", cursor)).hasSize(5);
    }

    @Test
    void badArgumentsAreExitCodeTwoWithTheReason() {
        assertBad(cli.run("activity", "--where", "length>=3"), ">= and <= are not supported");
        assertBad(cli.run("activity", "--where", "nooperator"), "has no operator");
        assertBad(cli.run("activity", "--where", "a..b=1"), "empty member name");
        assertBad(cli.run("activity", "--where-json", "{\"operation\":\"LIKE\",\"path\":[\"a\"]}"),
                "unknown payload operation 'LIKE'");
        assertBad(cli.run("activity", "--since", "yesterday"), "--since must be a time");
        assertBad(cli.run("activity", "--since", "2025-02-01", "--until", "2025-01-01"), "must be before");
        assertBad(cli.run("activity", "--cursor", "garbage"), "cursor");
        assertBad(cli.run("activity", "--limit", "5000"), "limit");
        assertBad(cli.run("activity", "--action", "Not An Action"), "action");
    }

    private static void assertBad(CliRunner.Result r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("tanken: ").contains(message);
    }
}
