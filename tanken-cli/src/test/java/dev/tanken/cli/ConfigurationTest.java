package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the global configuration (policy, database URL) is read, the same way for every value. */
class ConfigurationTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    @Test
    void everyWritePolicyWithoutACacheWritesStraightToTheDatabase() {
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 35.0, 135.0, 3);
        for (String policy : new String[] {"write-through", "write-back", "write-around"}) {
            CliRunner cli = new CliRunner(home.resolve(policy)).env("TANKEN_WRITE_POLICY", policy);
            CliRunner.Result up = cli.run("upload", "--user", "mei", photo.toString(), "--json");
            assertThat(up.exitCode()).as(policy + ": " + up).isZero();
            String post = JsonLines.parse(up.out()).get("postId").asText();

            CliRunner.Result liked = cli.run("like", post, "--user", "ken", "--policy", policy);
            assertThat(liked.exitCode()).as(policy + ": " + liked).isZero();
            CliRunner.Result shown = cli.run("post", "show", post, "--json");
            assertThat(JsonLines.parse(shown.out()).get("likes").asInt()).as(policy).isEqualTo(1);
        }
    }

    @Test
    void theDefaultHomeFollowsTheHomeVariable() {
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 35.0, 135.0, 3);
        CliRunner cli = new CliRunner(home).withoutEnv("TANKEN_HOME").env("HOME", home.toString());
        CliRunner.Result up = cli.run("upload", "--user", "mei", photo.toString(), "--json");
        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(home.resolve(".tanken").resolve("tanken.db")).exists();
    }
}
