package dev.tanken.cli.internal;

import java.util.Map;
import java.util.Objects;

/**
 * What the CLI learns from the process it runs in, injected so tests can control all of it.
 *
 * @param env environment variables (TANKEN_HOME, TANKEN_DB_URL, TANKEN_BLOB_URL, COLUMNS)
 * @param osUser the operating-system user name, the default acting user (may be null)
 * @param stderrIsTerminal whether stderr is attached to a terminal (progress bars are drawn only
 *     then)
 * @param stdoutColumns the width of the terminal stdout is attached to, or 0 when it is not a
 *     terminal (a pipe or a file gets tables whole, however wide)
 * @param prompter who answers a confirmation question ({@link Prompter#NONE} without a terminal)
 */
public record CliEnvironment(Map<String, String> env, String osUser, boolean stderrIsTerminal, int stdoutColumns,
        Prompter prompter) {

    public CliEnvironment {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        stdoutColumns = Math.max(0, stdoutColumns);
        prompter = Objects.requireNonNull(prompter, "prompter");
    }

    public CliEnvironment(Map<String, String> env, String osUser, boolean stderrIsTerminal, int stdoutColumns) {
        this(env, osUser, stderrIsTerminal, stdoutColumns, Prompter.NONE);
    }

    public CliEnvironment(Map<String, String> env, String osUser, boolean stderrIsTerminal) {
        this(env, osUser, stderrIsTerminal, 0);
    }

    /** True when NO_COLOR is set to anything but the empty string (https://no-color.org). */
    public boolean noColor() {
        String value = env.get("NO_COLOR");
        return value != null && !value.isEmpty();
    }

    /** A non-interactive environment for the given variables and the JVM's user name. */
    public static CliEnvironment of(Map<String, String> env) {
        return new CliEnvironment(env, System.getProperty("user.name"), false);
    }

    /** Terminal width for progress bars: {@code COLUMNS} when the shell exports it, else 80. */
    public int terminalColumns() {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.trim());
                if (n >= 20) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // Not a number: fall through to the default width.
            }
        }
        return 80;
    }
}
