package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
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
