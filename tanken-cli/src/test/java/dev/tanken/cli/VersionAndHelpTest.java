package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.cli.internal.CliEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

class VersionAndHelpTest {
    @TempDir
    Path home;

    @Test
    void versionComesFromTheMavenProjectVersion() {
        CliRunner.Result r = new CliRunner(home).run("--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        // An unfiltered resource would print "unknown": this proves Maven filled the version in.
        // The commit and build time too: the build runs in a git checkout.
        assertThat(r.outLines().get(0)).matches(
                "tanken \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{7,}, built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRunner.Result r = new CliRunner(home).run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("upload", "import", "nearby", "post", "user", "--db", "--json", "Exit codes");
    }

    /**
     * picocli formats descriptions with String.format: a lone '%' makes it print a warning on stderr
     * and show the raw text. Render every command's help and refuse any such warning.
     */
    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        CommandLine root = TankenCli.commandLine(new String[0], new CliEnvironment(Map.of(), "tester", false),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        assertThat(all).hasSizeGreaterThan(20);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringBuilder usage = new StringBuilder();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (CommandLine c : all) {
                usage.append(c.getUsageMessage());
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(usage).contains("in posts or % of --keys", "plus 12% spread over the globe");
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        c.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    @Test
    void aGroupsHelpShowsItsOwnHeaderNotTheWholeToolsDescription() {
        for (String group : new String[] {"post", "user", "blobs", "cache", "bench"}) {
            CliRunner.Result r = new CliRunner(home).run(group, "--help");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).as(group).doesNotContain("Posts geotagged photos, finds posts near a place");
        }
        assertThat(new CliRunner(home).run("--help").out()).contains("Posts geotagged photos, finds posts near a place");
    }

    @Test
    void helpCommandShowsACommandsHelp() {
        CliRunner.Result r = new CliRunner(home).run("help", "nearby");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("--radius", "--cursor");
        assertThat(new CliRunner(home).run("help").out()).contains("upload", "nearby");
        assertThat(new CliRunner(home).run("--help").out()).contains("s3://");
    }

    @Test
    void helpCommandShowsANestedCommandsHelpToo() {
        CliRunner.Result r = new CliRunner(home).run("help", "post", "show");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(new CliRunner(home).run("post", "show", "--help").out()).contains("--download");
        assertThat(new CliRunner(home).run("help", "activity", "app", "add").out())
                .isEqualTo(new CliRunner(home).run("activity", "app", "add", "--help").out());
    }

    @Test
    void noColorTurnsColoursOffEvenOnATerminal() {
        CommandLine coloured = TankenCli.commandLine(new String[] {"--help"},
                new CliEnvironment(Map.of(), "tester", true), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        CommandLine plain = TankenCli.commandLine(new String[] {"--help"},
                new CliEnvironment(Map.of("NO_COLOR", "1"), "tester", true), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        assertThat(coloured.getColorScheme().ansi()).isEqualTo(CommandLine.Help.Ansi.AUTO);
        assertThat(plain.getColorScheme().ansi()).isEqualTo(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void subcommandHelpShowsInheritedGlobalOptions() {
        CliRunner.Result r = new CliRunner(home).run("nearby", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--radius", "--cursor", "--db", "--home", "--json", "--verbose");
    }
}
