package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every option that takes a duration takes the same syntax, and refuses the same way. */
class DurationOptionsTest {
    @TempDir
    Path home;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "30m", "30min", "2h", "3d", "1w", "PT45M"})
    void exploreSinceAndBlobGraceTakeOneSyntax(String duration) {
        CliRunner.Result explore = cli.run("explore", "--lat", "35.68", "--lon", "139.76", "--since", duration, "--json");
        assertThat(explore.exitCode()).as(explore.err()).isZero();
        CliRunner.Result gc = cli.run("blobs", "gc", "--dry-run", "--grace", duration, "--json");
        assertThat(gc.exitCode()).as(gc.err()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "5m", "5min", "2h", "2d", "1w", "PT1H"})
    void activitySinceAndBenchTtlTakeTheSameSyntax(String duration) {
        CliRunner.Result activity = cli.run("activity", "--since", duration, "--until", "2999-01-01", "--json");
        assertThat(activity.exitCode()).as(activity.toString()).isZero();
        // The TTL is read before bench looks for its Redis, so a good one gets as far as that complaint.
        CliRunner.Result bench = cli.run("bench", "cache", "--ttl", duration);
        assertThat(bench.err()).as(bench.toString()).contains("needs a Redis").doesNotContain("--ttl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999d", "999999999999w"})
    void anOverlongDurationIsBadInputNotACrash(String duration) {
        for (CliRunner.Result r : new CliRunner.Result[] {
            cli.run("blobs", "gc", "--dry-run", "--grace", duration),
            cli.run("explore", "--lat", "35.68", "--lon", "139.76", "--since", duration),
            cli.run("activity", "--since", duration),
            cli.run("bench", "cache", "--ttl", duration)}) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(r.toString()).doesNotContain("Exception");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "30 fortnights", "-5m"})
    void aBadDurationIsABadInputEverywhere(String duration) {
        CliRunner.Result explore = cli.run("explore", "--lat", "35.68", "--lon", "139.76", "--since", duration);
        CliRunner.Result gc = cli.run("blobs", "gc", "--grace", duration);
        assertThat(explore.exitCode()).isEqualTo(2);
        assertThat(gc.exitCode()).isEqualTo(2);
        assertThat(explore.err()).contains("is not a duration: use e.g. 30s, 5m, 2h, 3d, 1w or PT30S");
        assertThat(gc.err()).contains("is not a duration: use e.g. 30s, 5m, 2h, 3d, 1w or PT30S");
    }
}
