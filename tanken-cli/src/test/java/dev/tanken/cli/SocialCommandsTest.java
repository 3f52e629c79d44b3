package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** like, bookmark, comment, posts, bookmarks and delete, in-process on an embedded home. */
class SocialCommandsTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    CliRunner cli;
    String post;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 35.0, 135.0, 41);
        post = JsonLines.parse(cli.run("upload", "--user", "mei", "--json", photo.toString()).out())
                .get("postId").asText();
    }

    private JsonNode json(String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JsonLines.parse(r.out());
    }

    private static void assertBadInput(CliRunner.Result r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("tanken: ").contains(message);
    }

    @Test
    void aRejectedActionCreatesNoUser() throws Exception {
        String unknown = "01a2497f-0000-7000-8000-000000000000";
        for (String action : new String[] {"like", "unlike", "bookmark", "unbookmark"}) {
            CliRunner.Result r = cli.run(action, unknown, "--user", "newbie");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.errLines()).as(r.toString()).containsExactly("tanken: post " + unknown + " does not exist");
        }
        assertThat(cli.run("comment", unknown, "hello", "--user", "newbie").exitCode()).isEqualTo(2);
        assertThat(cli.run("comment", post, " ", "--user", "newbie").exitCode()).isEqualTo(2);
        Path noGps = java.nio.file.Files.write(photos.resolve("nogps.jpg"), TestPhotos.jpegWithoutLocation(7, null));
        assertThat(cli.run("upload", "--user", "newbie", noGps.toString()).exitCode()).isEqualTo(2);
        // An unlike by a user who never existed changes nothing, and creates nobody.
        assertThat(json("unlike", post, "--user", "newbie", "--json").get("changed").asBoolean()).isFalse();

        // activity --actor names only existing users: this refusal says newbie is not one.
        CliRunner.Result entries = cli.run("activity", "--actor", "newbie", "--json");
        assertThat(entries.exitCode()).as(entries.toString()).isEqualTo(2);
        assertThat(entries.err()).contains("no user named 'newbie'");
        CliRunner.Result add = cli.run("user", "add", "newbie");
        assertThat(add.exitCode()).as("newbie was never created: " + add).isZero();
    }

    @Test
    void likesAndBookmarksAreIdempotentAndSaySo() {
        JsonNode like = json("like", post, "--user", "ken", "--json");
        assertThat(UploadCommandTest.fieldNames(like))
                .containsExactly("postId", "user", "action", "changed", "likes", "bookmarks", "queued");
        assertThat(like.get("changed").asBoolean()).isTrue();
        assertThat(like.get("likes").asLong()).isEqualTo(1);
        assertThat(json("like", post, "--user", "ken", "--json").get("changed").asBoolean()).isFalse();

        CliRunner.Result human = cli.run("like", post, "--user", "ken");
        assertThat(human.out()).isEqualTo("ken already likes post " + post + "\n");
        assertThat(cli.run("like", post).out()).contains("tester likes post " + post + " (2 likes)");

        assertThat(json("bookmark", post, "--user", "ken", "--json").get("bookmarks").asLong()).isEqualTo(1);
        assertThat(json("unbookmark", post, "--user", "ken", "--json").get("changed").asBoolean()).isTrue();
        assertThat(json("unlike", post, "--user", "ken", "--json").get("likes").asLong()).isEqualTo(1);
        assertThat(json("unlike", post, "--user", "ken", "--json").get("changed").asBoolean()).isFalse();
    }

    @Test
    void commentsAreListedAndDeletedOnlyByTheirAuthorOrThePostsAuthor() {
        JsonNode first = json("comment", post, "美しい", "--user", "ken", "--json");
        assertThat(UploadCommandTest.fieldNames(first)).containsExactly("commentId", "postId", "author", "createdAt",
                "text");
        json("comment", post, "second", "--user", "ana", "--json");
        JsonNode list = json("comments", post, "--json");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("text").asText()).isEqualTo("美しい");

        CliRunner.Result page = cli.run("comments", post, "--limit", "1", "--json");
        assertThat(JsonLines.parse(page.out())).hasSize(1);
        assertThat(page.err()).startsWith("next cursor: ");

        String id = first.get("commentId").asText();
        assertBadInput(cli.run("uncomment", id, "--user", "ana"),
                "only the comment's author (ken) or the post's author (mei) may delete comment " + id);
        assertThat(cli.run("uncomment", id, "--user", "mei").out()).contains("deleted comment " + id);
        assertBadInput(cli.run("uncomment", id, "--user", "mei"), "comment " + id + " does not exist");
        assertBadInput(cli.run("uncomment", "nope", "--user", "mei"), "not a comment id");
        assertThat(json("comments", post, "--json")).hasSize(1);
        assertThat(cli.run("comment", post).exitCode()).isEqualTo(2);
    }

    @Test
    void postsAndBookmarksOfAUser() {
        cli.run("bookmark", post, "--user", "ken");
        JsonNode posts = json("posts", "--user", "mei", "--json");
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).get("postId").asText()).isEqualTo(post);
        assertThat(posts.get(0).get("bookmarks").asLong()).isEqualTo(1);
        assertThat(json("bookmarks", "--user", "ken", "--json").get(0).get("postId").asText()).isEqualTo(post);
        assertThat(json("bookmarks", "--user", "mei", "--json")).isEmpty();
        assertThat(cli.run("bookmarks", "--user", "mei").out()).isEqualTo("mei has no bookmarks\n");
        assertThat(cli.run("posts", "--user", "mei").out()).contains(post.substring(0, 8), "mei");
        assertBadInput(cli.run("posts", "--user", "nobody"), "no user named 'nobody'");
    }

    @Test
    void listingsShowLocationsAsTheViewerMaySeeThem() {
        Path photo = TestPhotos.writeJpeg(photos, "q.jpg", 35.681236, 139.767125, 42);
        String hidden = JsonLines.parse(cli.run("upload", "--user", "mei", "--precision", "hidden", "--json",
                photo.toString()).out()).get("postId").asText();
        cli.run("user", "add", "ken");
        JsonNode asMei = json("posts", "--user", "mei", "--as", "mei", "--json");
        JsonNode asKen = json("posts", "--user", "mei", "--as", "ken", "--json");
        assertThat(asMei.get(0).get("postId").asText()).isEqualTo(hidden);
        assertThat(asMei.get(0).get("latitude").isNumber()).isTrue();
        assertThat(asKen.get(0).get("latitude").isNull()).as(asKen.toString()).isTrue();
    }

    @Test
    void onlyTheAuthorDeletesAPost() {
        cli.run("like", post, "--user", "ken");
        cli.run("comment", post, "hi", "--user", "ken");
        assertBadInput(cli.run("delete", post, "--user", "ken"), "only the post's author (mei) may delete post " + post);
        assertBadInput(cli.run("delete", post), "only the post's author (mei)");

        JsonNode deleted = json("delete", post, "--user", "mei", "--yes", "--json");
        assertThat(UploadCommandTest.fieldNames(deleted))
                .containsExactly("postId", "deleted", "author", "likes", "bookmarks", "comments");
        assertThat(deleted.get("likes").asLong()).isEqualTo(1);
        assertThat(deleted.get("comments").asLong()).isEqualTo(1);
        assertBadInput(cli.run("post", "show", post), post);
        assertBadInput(cli.run("like", post, "--user", "ken"), "post " + post + " does not exist");
        assertBadInput(cli.run("delete", post, "--user", "mei", "--yes"), "post " + post + " does not exist");
        assertBadInput(cli.run("like", "not-a-uuid"), "not a post id");
        assertBadInput(cli.run("delete", UUID.randomUUID().toString(), "--user", "mei"), "does not exist");
    }
}
