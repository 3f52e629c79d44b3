package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken doctor} on an embedded home, with a real Redis, and with parts that fail. */
class DoctorCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    @Test
    void aFreshHomeIsReportedWithoutBeingCreated() {
        CliRunner.Result r = new CliRunner(home.resolve("fresh")).run("doctor");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("home          " + home.resolve("fresh"), "not created yet");
        assertThat(home.resolve("fresh")).doesNotExist();
    }

    @Test
    void reportsCountsTheCacheAndItsBacklogAsJson() {
        CliRunner cli = new CliRunner(home);
        cli.run("upload", "--user", "mei", TestPhotos.writeJpeg(photos, "p.jpg", 35.0, 135.0, 9).toString());

        CliRunner.Result r = cli.run("doctor", "--cache", RedisTestNamespace.url(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doctor = JsonLines.parse(r.out());
        assertThat(doctor.get("writePolicy").asText()).isEqualTo("write-through");
        JsonNode checks = doctor.get("checks");
        assertThat(checks.get(0).get("name").asText()).isEqualTo("database");
        assertThat(checks.get(0).get("detail").get("posts").asLong()).isEqualTo(1);
        assertThat(checks.get(1).get("detail").get("pictures").asLong()).isPositive();
        JsonNode cache = checks.get(2);
        assertThat(cache.get("ok").asBoolean()).as(cache.toString()).isTrue();
        assertThat(cache.get("detail").get("writeBackBacklog").asLong()).isZero();
        assertThat(cache.get("detail").get("deadLetters").asLong()).isZero();
        assertThat(cache.get("detail").has("pingMillis")).isTrue();
    }

    @Test
    void anUnreachableCacheFailsItsCheckAndTheOthersStillReport() {
        CliRunner cli = new CliRunner(home);
        cli.run("user", "add", "mei");
        CliRunner.Result r = cli.run("doctor", "--cache", "redis://127.0.0.1:1", "--policy", "write-back");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).containsPattern("database\\s+ok").containsPattern("cache\\s+FAILED")
                .contains("127.0.0.1:1").contains("posts: 0");
    }

    @Test
    void cacheClientBoundsFromTheEnvironmentApplyToACacheGivenByFlag() {
        CliRunner cli = new CliRunner(home).env("TANKEN_CACHE_SOCKET_TIMEOUT_MS", "345")
                .env("TANKEN_CACHE_CONNECT_TIMEOUT_MS", "123");
        CliRunner.Result r = cli.run("doctor", "--cache", "redis://127.0.0.1:1?connectTimeoutMs=456", "--json");

        assertThat(r.out()).as(r.toString()).contains("socketTimeoutMs=345")
                // A parameter written in the URL wins over the environment.
                .contains("connectTimeoutMs=456").doesNotContain("connectTimeoutMs=123");
    }
}
