package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import dev.tanken.TankenConfig;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.db.Write;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cache}, {@code --policy} and {@code tanken cache stats|flush|warm} on the shared Redis. */
class CacheCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    private final String cacheUrl = RedisTestNamespace.url();

    @AfterEach
    void dropNamespace() {
        try (PostCacheService cache = CacheServices.open(cacheUrl)) {
            cache.deleteNamespace();
        }
    }

    @Test
    void writeBackUploadsAreFlushedWarmedAndServed() {
        CliRunner cli = new CliRunner(home).env("TANKEN_CACHE_URL", cacheUrl);
        for (int i = 0; i < 3; i++) {
            Path photo = TestPhotos.writeJpeg(photos, "p" + i + ".jpg", 43.0621 + i * 0.001, 141.3544, 7 + i);
            CliRunner.Result r = cli.run("upload", "--user", "sora", "--policy", "write-back", photo.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        CliRunner.Result flush = cli.run("cache", "flush", "--json");
        assertThat(flush.exitCode()).as(flush.toString()).isZero();
        assertThat(JsonLines.parse(flush.out()).get("applied").asLong()).isGreaterThanOrEqualTo(0);

        CliRunner.Result stats = cli.run("cache", "stats", "--json");
        assertThat(stats.exitCode()).as(stats.toString()).isZero();
        JsonNode s = JsonLines.parse(stats.out());
        assertThat(s.get("writeBackQueueLength").asLong()).isZero();
        assertThat(s.get("deadLetters").asLong()).isZero();

        // Without the cache, the database has all three: the write-back writes reached it.
        CliRunner plain = new CliRunner(home);
        CliRunner.Result fromDb = plain.run("nearby", "--lat", "43.0621", "--lon", "141.3544", "--radius", "1km",
                "--json");
        assertThat(JsonLines.parse(fromDb.out()).size()).isEqualTo(3);

        CliRunner.Result warm = cli.run("cache", "warm", "--lat", "43.0621", "--lon", "141.3544", "--radius", "1km");
        assertThat(warm.exitCode()).as(warm.toString()).isZero();
        assertThat(warm.out()).startsWith("cached 3 posts around");
        CliRunner.Result cached = cli.run("nearby", "--lat", "43.0621", "--lon", "141.3544", "--radius", "1km",
                "--json");
        assertThat(cached.out()).isEqualTo(fromDb.out());

        CliRunner.Result dropped = cli.run("cache", "flush", "--drop");
        assertThat(dropped.exitCode()).as(dropped.toString()).isZero();
        assertThat(dropped.out()).contains("deleted");
    }

    @Test
    void writeBackPrintsOnlyWhatItKnowsAndTheDatabaseRecordsOnlyWhatItApplied() {
        CliRunner cli = new CliRunner(home).env("TANKEN_CACHE_URL", cacheUrl).env("TANKEN_WRITE_POLICY", "write-back");
        for (int i = 0; i < 4; i++) {
            TestPhotos.writeJpeg(photos, "same-" + i + ".jpg", 43.0621, 141.3544, 42);
        }
        CliRunner.Result imported = cli.run("import", photos.toString(), "--user", "sora", "--json");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        List<JsonNode> lines = JsonLines.parseLines(imported.out());
        List<JsonNode> files = lines.subList(0, 4);
        assertThat(files).extracting(l -> l.get("status").asText())
                .containsExactlyInAnyOrder("queued", "duplicate", "duplicate", "duplicate");
        assertThat(files).extracting(l -> l.get("postId").asText()).containsOnly(files.get(0).get("postId").asText());
        assertThat(lines.get(4).get("summary").get("queued").asInt()).isEqualTo(1);
        assertThat(lines.get(4).get("summary").get("created").asInt()).isZero();
        String post = files.get(0).get("postId").asText();

        for (int i = 0; i < 3; i++) {
            CliRunner.Result like = cli.run("like", post, "--user", "ren", "--json");
            assertThat(like.exitCode()).as(like.toString()).isZero();
            JsonNode j = JsonLines.parse(like.out());
            assertThat(j.get("queued").asBoolean()).isTrue();
            assertThat(j.has("changed")).as("not known before the flush").isFalse();
            assertThat(j.has("likes")).as("a counter it has not read").isFalse();
        }
        assertThat(cli.run("bookmark", post, "--user", "yui").exitCode()).isZero(); // yui exists, never liked
        CliRunner.Result unlike = cli.run("unlike", post, "--user", "yui");
        assertThat(unlike.out()).contains("queued");
        assertThat(cli.run("cache", "flush").exitCode()).isZero();

        CliRunner plain = new CliRunner(home);
        assertThat(JsonLines.parse(plain.run("post", "show", post, "--json").out()).get("likes").asInt()).isEqualTo(1);
        assertThat(JsonLines.parse(plain.run("activity", "--action", "post.like", "--json").out())).hasSize(1);
        assertThat(JsonLines.parse(plain.run("activity", "--action", "post.unlike", "--json").out())).isEmpty();
        assertThat(JsonLines.parse(plain.run("activity", "--action", "post.create", "--json").out())).hasSize(1);
        JsonNode liked = JsonLines.parse(cli.run("like", post, "--user", "ren", "--policy", "write-through", "--json")
                .out());
        assertThat(liked.get("queued").asBoolean()).isFalse();
        assertThat(liked.get("changed").asBoolean()).isFalse();
        assertThat(liked.get("likes").asInt()).isEqualTo(1);
    }

    @Test
    void refusalsAtFlushTimeAreDeadLettersListedReplayedAndDroppedNeverDumpedOnStderr() {
        CliRunner cli = new CliRunner(home).env("TANKEN_CACHE_URL", cacheUrl);
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 43.0621, 141.3544, 9);
        String post = JsonLines.parse(cli.run("upload", "--user", "sora", photo.toString(), "--json").out())
                .get("postId").asText();
        // Liked under write-back by a process that exits without flushing, then deleted past the cache:
        // the next command that flushes finds the post gone.
        try (DatabaseService db = DatabaseServices.open(TankenConfig.embedded(home).databaseUrl());
                PostCacheService cache = CacheServices.open(cacheUrl)) {
            CachingDatabaseService tier = CachingDatabaseService.using(db, cache, CacheTierOptions.DEFAULTS
                    .withFlusher(false, 10, Duration.ofMillis(50), Duration.ofSeconds(1)));
            User ren = db.createUser(User.create("ren", null));
            assertThat(tier.apply(new Write.Like(PostId.parse(post), ren.id()), WritePolicy.WRITE_BACK).queued()).isTrue();
            assertThat(db.deletePost(PostId.parse(post))).isPresent();
        }
        CliRunner.Result flush = cli.run("cache", "flush");
        assertThat(flush.exitCode()).as(flush.toString()).isZero();
        assertThat(flush.err()).as("another command's stderr").isEmpty();

        CliRunner.Result list = cli.run("cache", "dead-letters", "--json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        JsonNode letters = JsonLines.parse(list.out());
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("operation").asText()).isEqualTo("like");
        assertThat(letters.get(0).get("postId").asText()).isEqualTo(post);
        assertThat(letters.get(0).get("reason").asText()).contains(post);
        assertThat(cli.run("cache", "dead-letters").out()).contains("like").contains(post);
        assertThat(cli.run("cache", "stats", "--json").out()).contains("\"deadLetters\":1");

        CliRunner.Result replay = cli.run("cache", "dead-letters", "replay", "--all", "--json");
        assertThat(JsonLines.parse(replay.out()).get("replayed").asInt()).isEqualTo(1);
        assertThat(cli.run("cache", "flush").err()).isEmpty();
        JsonNode again = JsonLines.parse(cli.run("cache", "dead-letters", "--json").out());
        assertThat(again).as("refused again: back on the list").hasSize(1);

        CliRunner.Result noSelection = cli.run("cache", "dead-letters", "drop");
        assertThat(noSelection.exitCode()).isEqualTo(2);
        assertThat(noSelection.err()).contains("--all");
        CliRunner.Result drop = cli.run("cache", "dead-letters", "drop", again.get(0).get("id").asText());
        assertThat(drop.out()).contains("dropped 1");
        assertThat(cli.run("cache", "dead-letters").out()).contains("no dead letters");
    }

    @Test
    void cacheCommandsWithoutACacheAndBadPoliciesAreInputErrors() {
        CliRunner cli = new CliRunner(home);
        CliRunner.Result noCache = cli.run("cache", "stats");
        assertThat(noCache.exitCode()).isEqualTo(2);
        assertThat(noCache.err()).contains("no cache configured").contains("--cache");

        CliRunner.Result badPolicy = cli.run("nearby", "--lat", "1", "--lon", "1", "--cache", cacheUrl,
                "--policy", "eventually");
        assertThat(badPolicy.exitCode()).isEqualTo(2);
        assertThat(badPolicy.err()).contains("eventually");

        // An unreachable cache is no failure: the database answers, and one line says so.
        CliRunner.Result unreachable = cli.run("nearby", "--lat", "1", "--lon", "1", "--cache", "redis://127.0.0.1:1");
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isZero();
        assertThat(unreachable.errLines()).containsExactly(
                "tanken: cache redis://127.0.0.1:1?prefix=tanken unreachable; served from the database");
    }
}
