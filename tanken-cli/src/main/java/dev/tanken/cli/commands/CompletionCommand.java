package dev.tanken.cli.commands;

import dev.tanken.cli.TankenCli;
import dev.tanken.cli.internal.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

/** {@code tanken completion bash|zsh|fish}: a shell completion script on stdout. */
@Command(name = "completion", header = "Print a shell completion script.",
        description = {
            "bash: add  source <(tanken completion bash)  to ~/.bashrc.",
            "zsh:  add  source <(tanken completion zsh)  to ~/.zshrc (the bash script through bashcompinit).",
            "fish: tanken completion fish > ~/.config/fish/completions/tanken.fish",
        })
final class CompletionCommand extends TankenSubcommand {
    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    String shell;

    @Override
    public Integer call() {
        // Completion needs every command, not only the one this run was built with.
        CommandLine all = TankenCli.commandLine(new String[0], environment(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        String script = switch (shell) {
            case "bash" -> AutoComplete.bash("tanken", all);
            case "zsh" -> "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + AutoComplete.bash("tanken", all);
            case "fish" -> fish(all);
            default -> throw usageError("SHELL must be bash, zsh or fish, got '"
                    + dev.tanken.cli.internal.Terminal.quote(shell) + "'");
        };
        out().print(script);
        out().flush();
        return ExitCodes.OK;
    }

    /** picocli writes bash only; fish's completions are one line per command and option. */
    private static String fish(CommandLine all) {
        StringBuilder s = new StringBuilder("# tanken completion for fish\ncomplete -c tanken -f\n");
        for (OptionSpec o : all.getCommandSpec().options()) {
            option(s, "", o);
        }
        for (var e : all.getSubcommands().entrySet()) {
            s.append("complete -c tanken -n __fish_use_subcommand -a ").append(e.getKey())
                    .append(" -d ").append(quote(header(e.getValue()))).append('\n');
            fishCommand(s, List.of(e.getKey()), e.getValue());
        }
        return s.toString();
    }

    /**
     * The subcommands and options of the command at {@code path}, and of its subcommands in turn:
     * "post show --size" and "activity app add" complete as "nearby --radius" does.
     */
    private static void fishCommand(StringBuilder s, List<String> path, CommandLine command) {
        StringBuilder seenAll = new StringBuilder();
        for (String name : path) {
            seenAll.append(seenAll.length() == 0 ? "" : "; and ").append("__fish_seen_subcommand_from ").append(name);
        }
        String condition = "-n '" + seenAll + "' ";
        for (var sub : command.getSubcommands().entrySet()) {
            s.append("complete -c tanken ").append(condition).append("-a ").append(sub.getKey())
                    .append(" -d ").append(quote(header(sub.getValue()))).append('\n');
        }
        Set<String> seen = new TreeSet<>();
        for (OptionSpec o : command.getCommandSpec().options()) {
            if (seen.add(o.longestName()) && !o.inherited()) {
                option(s, condition, o);
            }
        }
        for (var sub : command.getSubcommands().entrySet()) {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(sub.getKey());
            fishCommand(s, deeper, sub.getValue());
        }
    }

    private static void option(StringBuilder s, String condition, OptionSpec o) {
        String name = o.longestName();
        if (!name.startsWith("--")) {
            return;
        }
        s.append("complete -c tanken ").append(condition).append("-l ").append(name.substring(2));
        if (o.arity().max() > 0) {
            s.append(" -r");
            if (o.completionCandidates() != null) {
                StringBuilder values = new StringBuilder();
                o.completionCandidates().forEach(v -> values.append(values.length() == 0 ? "" : " ").append(v));
                s.append(" -a ").append(quote(values.toString()));
            }
        }
        String[] d = o.description();
        if (d.length > 0) {
            s.append(" -d ").append(quote(d[0].replaceAll("\\$\\{[^}]*}", "").replaceAll("\\s+", " ").strip()));
        }
        s.append('\n');
    }

    private static String header(CommandLine c) {
        String[] h = c.getCommandSpec().usageMessage().header();
        return h.length == 0 ? "" : h[0];
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
