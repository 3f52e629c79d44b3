package dev.tanken.cli;

import dev.tanken.cli.commands.Commands;
import dev.tanken.cli.commands.TankenCommand;
import dev.tanken.cli.internal.CliEnvironment;
import dev.tanken.cli.internal.ErrorReporter;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Logging;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * The CLI as a function: arguments and environment in, output on the given writers, exit code out.
 * {@link Main} wires it to the process; tests call it directly.
 */
public final class TankenCli {
    private TankenCli() {
    }

    /** Runs one command line without a terminal (no progress bars), acting as the JVM's user. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return run(args, CliEnvironment.of(env), out, err);
    }

    public static int run(String[] args, CliEnvironment environment, PrintWriter out, PrintWriter err) {
        if (args.length > 2 && args[0].equals("help")) {
            // picocli's help command takes one name; "help post show" means the help of "post show".
            String[] asked = java.util.Arrays.copyOfRange(args, 1, args.length + 1);
            asked[asked.length - 1] = "--help";
            args = asked;
        }
        try {
            return commandLine(args, environment, out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The picocli command line for {@code args}, writing to {@code out} and {@code err}. It holds
     * only the subcommand that {@code args} names (all of them if it names none): start-up time
     * matters for a command-line tool, and each command's model costs reflection to build.
     */
    public static CommandLine commandLine(String[] args, CliEnvironment environment, PrintWriter out,
            PrintWriter err) {
        TankenCommand top = new TankenCommand(environment);
        CommandLine cmd = new CommandLine(top);
        String requested = Commands.requested(args);
        for (String name : Commands.names()) {
            if (requested == null || requested.equals(name)) {
                cmd.addSubcommand(name, Commands.create(name));
            }
        }
        cmd.addSubcommand("help", new CommandLine.HelpCommand());
        withoutInheritedDescription(cmd, cmd.getCommandSpec().usageMessage().description());
        ErrorReporter reporter = new ErrorReporter(top.global());
        // Setters on CommandLine apply to the subcommands that exist at the time of the call.
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setColorScheme(Help.defaultColorScheme(
                environment.stderrIsTerminal() && !environment.noColor() ? Help.Ansi.AUTO : Help.Ansi.OFF));
        cmd.setParameterExceptionHandler(reporter);
        cmd.setExecutionExceptionHandler(reporter);
        cmd.setExitCodeExceptionMapper(new ExitCodes());
        cmd.setExecutionStrategy(parseResult -> {
            // Only now is --verbose known, and still no logger exists.
            Logging.configure(top.global().verbose());
            // A command that failed says why in its own error line; one that ran says how it was served.
            int code = new CommandLine.RunLast().execute(parseResult);
            top.cacheOutageNotice().print(err);
            return code;
        });
        return cmd;
    }

    /**
     * The top command's attributes are inherited so that --help, --version and the exit codes are
     * everywhere; its description must not be: a group such as {@code tanken user} that has none of
     * its own would show the whole tool's. Such a command shows its header alone.
     */
    private static void withoutInheritedDescription(CommandLine parent, String[] top) {
        for (CommandLine sub : parent.getSubcommands().values()) {
            if (java.util.Arrays.equals(sub.getCommandSpec().usageMessage().description(), top)) {
                sub.getCommandSpec().usageMessage().description(new String[0]);
            }
            withoutInheritedDescription(sub, top);
        }
    }
}
