package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures that are not the user's mistake: exit 1, one line, and a stack trace only on request. */
class FailureReportingTest {
    @TempDir
    Path home;

    @Test
    void aBrokenDatabaseIsAFailureReportedInOneLine() throws Exception {
        Path notADatabase = Files.writeString(home.resolve("garbage.db"), "this is not SQLite");

        CliRunner.Result r = new CliRunner(home).run("--db", "sqlite:" + notADatabase, "nearby", "--lat", "1", "--lon", "2");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("tanken: ").contains(notADatabase.toString());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Path notADatabase = Files.writeString(home.resolve("garbage.db"), "this is not SQLite");

        CliRunner.Result r = new CliRunner(home).run("--verbose", "--db", "sqlite:" + notADatabase,
                "nearby", "--lat", "1", "--lon", "2");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines().get(0)).startsWith("tanken: ");
        assertThat(r.err()).contains("dev.tanken.StorageException").contains("\tat ");
    }

    @Test
    void verboseDoesNotAddStackTracesToUsageErrors() {
        CliRunner.Result r = new CliRunner(home).run("--verbose", "nearby", "--lat", "91", "--lon", "2");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
    }
}
