package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.RedisServerProcess;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands with the cache URL pointing at a Redis that is not there, or frozen: everything the
 * database can serve is served, with one line on stderr saying so; a write-back write is refused
 * with a clear error; and what a write changed while Redis was frozen is not served stale after.
 */
@Tag("slow")
class CacheOutageCommandTest {
    private static final String BOUNDS = "&connectTimeoutMs=300&socketTimeoutMs=300&breakerOpenMs=100";

    @TempDir
    Path home;

    @TempDir
    Path photos;

    @Test
    void anUnreachableCacheIsOneLineOnStderrAndNoFailure() {
        String url = "redis://127.0.0.1:" + RedisServerProcess.freePort() + "?prefix=" + RedisTestNamespace.uniquePrefix()
                + BOUNDS;
        CliRunner cli = new CliRunner(home).env("TANKEN_CACHE_URL", url);
        String notice = "tanken: cache " + url.substring(0, url.indexOf('&')) + " unreachable; served from the database";

        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 43.0621, 141.3544, 3);
        CliRunner.Result upload = cli.run("upload", "--user", "sora", "--json", photo.toString());
        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        assertThat(upload.errLines()).as(upload.toString()).containsExactly(notice);
        String post = JsonLines.parse(upload.out()).get("postId").asText();

        for (String[] args : new String[][] {
                {"like", post, "--user", "ken"},
                {"comment", post, "nice", "--user", "ken"},
                {"post", "show", post},
                {"nearby", "--lat", "43.0621", "--lon", "141.3544", "--radius", "1km"}}) {
            CliRunner.Result r = cli.run(args);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.errLines()).as(r.toString()).containsExactly(notice);
        }
        assertThat(new CliRunner(home).run("post", "show", post, "--json").out()).contains("\"likes\":1");

        Path other = TestPhotos.writeJpeg(photos, "q.jpg", 43.0622, 141.3545, 4);
        CliRunner.Result writeBack = cli.run("upload", "--user", "sora", "--policy", "write-back", other.toString());
        assertThat(writeBack.exitCode()).as(writeBack.toString()).isEqualTo(1);
        assertThat(writeBack.out()).as(writeBack.toString()).contains("write-back write was NOT recorded");
        assertThat(writeBack.out() + writeBack.err()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void whatChangedWhileRedisWasFrozenIsNotServedStaleAfter() {
        try (RedisServerProcess redis = RedisServerProcess.start("cli-outage")) {
            CliRunner cli = new CliRunner(home).env("TANKEN_CACHE_URL", redis.url() + BOUNDS);
            Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 43.0621, 141.3544, 5);
            CliRunner.Result upload = cli.run("upload", "--user", "sora", "--json", photo.toString());
            assertThat(upload.exitCode()).as(upload.toString()).isZero();
            String post = JsonLines.parse(upload.out()).get("postId").asText();
            assertThat(likes(cli, post)).isZero(); // cached now, with no likes

            redis.pause();
            CliRunner.Result like = cli.run("like", post, "--user", "ken");
            assertThat(like.exitCode()).as(like.toString()).isZero();
            assertThat(like.errLines()).as(like.toString()).hasSize(1).allMatch(l -> l.endsWith("unreachable; served"
                    + " from the database"));
            redis.resume();

            CliRunner.Result show = cli.run("post", "show", post, "--json");
            assertThat(show.errLines()).as(show.toString()).isEmpty();
            assertThat(JsonLines.parse(show.out()).get("likes").asLong()).as("likes after Redis came back").isEqualTo(1);
        }
    }

    private static long likes(CliRunner cli, String post) {
        CliRunner.Result r = cli.run("post", "show", post, "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode n = JsonLines.parse(r.out());
        return n.get("likes").asLong();
    }
}
