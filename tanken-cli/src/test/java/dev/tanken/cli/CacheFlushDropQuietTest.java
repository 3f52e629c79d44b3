package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cache flush --drop} deletes the write-back stream under the flusher's blocked read; the
 * flusher's retry warning is the library's business and stays off the terminal unless --verbose.
 * slf4j-simple writes to the process's stderr, so that is what is captured here.
 */
class CacheFlushDropQuietTest {
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
    void flushDropPrintsOnlyItsResult() {
        CliRunner cli = new CliRunner(home).env("TANKEN_CACHE_URL", cacheUrl);
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 43.0621, 141.3544, 7);
        CliRunner.Result upload = cli.run("upload", "--user", "sora", "--policy", "write-back", photo.toString());
        assertThat(upload.exitCode()).as(upload.toString()).isZero();

        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRunner.Result[] drops = new CliRunner.Result[3];
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (int i = 0; i < drops.length; i++) {
                drops[i] = cli.run("cache", "flush", "--drop");
            }
        } finally {
            System.setErr(stderr);
        }
        for (CliRunner.Result drop : drops) {
            assertThat(drop.exitCode()).as(drop.toString()).isZero();
            assertThat(drop.out()).contains("write-back queue empty", "deleted");
            assertThat(drop.err()).isEmpty();
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN", "UNBLOCKED", "redis.clients");
    }
}
