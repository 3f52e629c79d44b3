package dev.tanken.cli;

import dev.tanken.cli.internal.CliEnvironment;
import dev.tanken.cli.internal.Prompter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Process entry point of {@code tanken}. */
public final class Main {
    /**
     * The launcher script sets this to whether stderr is a terminal; the JVM alone can only tell
     * whether stdin and stdout both are ({@link System#console()}).
     */
    static final String TERMINAL_PROPERTY = "tanken.stderr.terminal";

    /** The launcher script sets this to the terminal's width when stdout is a terminal. */
    static final String COLUMNS_PROPERTY = "tanken.stdout.columns";

    private Main() {
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale says: JSON readers expect it, and tags and captions may be CJK.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        String terminal = System.getProperty(TERMINAL_PROPERTY);
        boolean stderrIsTerminal = terminal != null ? Boolean.parseBoolean(terminal) : System.console() != null;
        CliEnvironment environment = new CliEnvironment(System.getenv(), System.getProperty("user.name"),
                stderrIsTerminal, Integer.getInteger(COLUMNS_PROPERTY, 0), Prompter.console());
        System.exit(TankenCli.run(args, environment, out, err));
    }
}
