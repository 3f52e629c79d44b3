package dev.tanken.cli.internal;

import dev.tanken.TankenException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line {@code tanken: <message>} on the command's error writer and an
 * exit code from {@link ExitCodes}. Stack traces are printed only with {@code --verbose}, and never
 * for usage errors: those are the user's mistakes, not the program's.
 */
public final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
    private final GlobalOptions global;

    public ErrorReporter(GlobalOptions global) {
        this.global = global;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        StringBuilder line = new StringBuilder(oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException) {
            List<String> suggestions = ((UnmatchedArgumentException) ex).getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
            }
        }
        line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
        print(cmd.getErr(), line.toString());
        return ExitCodes.BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (ex instanceof ParameterException) {
            // Thrown by a command's own cross-option checks: report it like a parse error.
            return handleParseException((ParameterException) ex, parseResult.originalArgs().toArray(new String[0]));
        }
        PrintWriter err = cmd.getErr();
        print(err, describe(ex));
        if (global.verbose() && !ExitCodes.isUserMistake(ex)) {
            ex.printStackTrace(err);
            err.flush();
        }
        return new ExitCodes().getExitCode(ex);
    }

    /** The message a user sees for a failure: Tanken's own messages are written for them. */
    public static String describe(Throwable ex) {
        String message = ex.getMessage();
        if (ex instanceof TankenException && message != null && !message.isBlank()) {
            return oneLine(message);
        }
        String kind = ex.getClass().getSimpleName();
        return message == null || message.isBlank()
                ? "internal error (" + kind + "); run with --verbose for details"
                : oneLine(message) + " (" + kind + ")";
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.strip();
        // picocli prefixes some messages with "Error: "; the "tanken:" prefix already says so.
        if (s.startsWith("Error: ")) {
            s = s.substring("Error: ".length());
        }
        // A message may echo what the user typed or a file held: escape and cut it, never replay it raw.
        return Terminal.clean(s.replaceAll("\\s*\\R\\s*", " "));
    }

    private static void print(PrintWriter err, String message) {
        err.println("tanken: " + message);
        err.flush();
    }
}
