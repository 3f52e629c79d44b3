package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken completion}: scripts that name every command and their options. */
class CompletionCommandTest {
    @TempDir
    Path home;

    @Test
    void bashScriptCompletesEveryCommandAndIsValidBash() throws Exception {
        CliRunner.Result r = new CliRunner(home).run("completion", "bash");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("nearby", "import", "--radius", "--dry-run", "complete -F");
        Path script = Files.writeString(home.resolve("tanken.bash"), r.out());
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(output).isZero();
    }

    @Test
    void zshAndFishScriptsAndAnUnknownShell() {
        CliRunner cli = new CliRunner(home);
        assertThat(cli.run("completion", "zsh").out()).startsWith("autoload -U +X compinit").contains("nearby");
        String fish = cli.run("completion", "fish").out();
        assertThat(fish).contains("complete -c tanken -n __fish_use_subcommand -a nearby -d 'List posts near a place")
                .contains("-n '__fish_seen_subcommand_from nearby' -l radius -r")
                .contains("-l action -r -a 'user.create user.precision post.create");
        CliRunner.Result bad = cli.run("completion", "tcsh");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("SHELL must be bash, zsh or fish");
    }

    /** What bash offers after {@code words} (the last being the word under the cursor), as a person pressing TAB gets it. */
    private String bashCompletes(String... words) throws Exception {
        CliRunner.Result r = new CliRunner(home).run("completion", "bash");
        Path script = Files.writeString(home.resolve("tanken.bash"), r.out());
        String test = "source " + script + "\n"
                + "COMP_WORDS=(" + String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList()) + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_tanken tanken \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\" 2>/dev/null\n"
                + "echo \"${COMPREPLY[*]}\"\n";
        Process bash = new ProcessBuilder("bash", "-c", test).start();
        String output = new String(bash.getInputStream().readAllBytes()).strip();
        assertThat(bash.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void valuesAreCompletedAsTheyAreTypedNotAsTheirJavaNames() throws Exception {
        assertThat(bashCompletes("tanken", "post", "show", "0190", "--size", "l")).isEqualTo("large");
        assertThat(bashCompletes("tanken", "upload", "--precision", "a")).isEqualTo("approximate");
        assertThat(bashCompletes("tanken", "user", "set-precision", "aiko", "h")).isEqualTo("hidden");
        assertThat(bashCompletes("tanken", "import", "--precision", "")).isEqualTo("exact approximate hidden");

        String fish = new CliRunner(home).run("completion", "fish").out();
        assertThat(fish).contains("-l precision -r -a 'exact approximate hidden'").doesNotContain("EXACT");
    }

    @Test
    void fishCompletesTheOptionsOfNestedCommandsToo() {
        String fish = new CliRunner(home).run("completion", "fish").out();
        assertThat(fish)
                .contains("-n '__fish_seen_subcommand_from post; and __fish_seen_subcommand_from show' -l size -r "
                        + "-a 'thumb large original'")
                .contains("-n '__fish_seen_subcommand_from user; and __fish_seen_subcommand_from add' -l email -r")
                .contains("-n '__fish_seen_subcommand_from activity; and __fish_seen_subcommand_from app' -a add")
                .contains("-n '__fish_seen_subcommand_from cache; and __fish_seen_subcommand_from warm' -l lat -r");
    }
}
