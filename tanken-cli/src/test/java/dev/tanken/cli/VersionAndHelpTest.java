package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionAndHelpTest {
    @TempDir
    Path home;

    @Test
    void versionComesFromTheMavenProjectVersion() {
        CliRunner.Result r = new CliRunner(home).run("--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        // An unfiltered resource would print "unknown": this proves Maven filled the version in.
        assertThat(r.outLines().get(0)).matches("tanken \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRunner.Result r = new CliRunner(home).run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("upload", "import", "nearby", "post", "user", "--db", "--json", "Exit codes");
    }

    @Test
    void subcommandHelpShowsInheritedGlobalOptions() {
        CliRunner.Result r = new CliRunner(home).run("nearby", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--radius", "--cursor", "--db", "--home", "--json", "--verbose");
    }
}
