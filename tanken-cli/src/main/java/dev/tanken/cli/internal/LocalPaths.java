package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.blob.internal.IoReasons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Local paths in the CLI's URLs and options. A shell expands {@code ~} only at the start of a word,
 * so {@code --db sqlite:~/x.db} arrives with the tilde; it means the home directory here too,
 * never a directory called {@code ~}.
 */
public final class LocalPaths {
    private LocalPaths() {
    }

    /** {@code text} with a {@code ~} or {@code ~/} after an optional {@code sqlite:}/{@code file:} prefix made the user's home. */
    public static String expandHome(String text, String userHome) {
        if (text == null || userHome == null) {
            return text;
        }
        for (String prefix : new String[] {"jdbc:sqlite:", "sqlite:", "file:", ""}) {
            if (text.startsWith(prefix)) {
                String rest = text.substring(prefix.length());
                if (rest.equals("~")) {
                    return prefix + userHome;
                }
                if (rest.startsWith("~/")) {
                    return prefix + userHome + rest.substring(1);
                }
                return text;
            }
        }
        return text;
    }

    /** Refuses a {@code sqlite:} URL whose directory does not exist; other URLs pass. */
    public static void requireParent(String databaseUrl) {
        int at = databaseUrl.indexOf("sqlite:");
        if (at < 0 || !(at == 0 || databaseUrl.startsWith("jdbc:"))) {
            return;
        }
        String path = databaseUrl.substring(at + "sqlite:".length());
        if (path.isBlank()) {
            return;
        }
        Path parent;
        try {
            parent = Path.of(path).toAbsolutePath().normalize().getParent();
        } catch (InvalidPathException e) {
            return;
        }
        if (parent != null && !Files.isDirectory(parent)) {
            throw new InvalidInputException("the database's directory " + parent + " does not exist: check the "
                    + "path, or create the directory first (mkdir -p " + parent + ")");
        }
    }

    /** Why a local file operation failed, in words. */
    public static String reason(IOException e) {
        return IoReasons.reason(e);
    }
}
