package dev.tanken.db;

import dev.tanken.InvalidInputException;
import dev.tanken.db.postgres.PostgresDatabaseService;
import dev.tanken.db.sqlite.SqliteDatabaseService;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Opens a {@link DatabaseService} from a URL: {@code sqlite:PATH} or {@code postgresql://...}. */
public final class DatabaseServices {
    private DatabaseServices() {
    }

    public static DatabaseService open(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("database URL must not be empty");
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://") || url.startsWith("jdbc:postgresql:")) {
            return PostgresDatabaseService.open(url);
        }
        if (url.startsWith("sqlite:") || url.startsWith("jdbc:sqlite:")) {
            String path = url.substring(url.indexOf("sqlite:") + "sqlite:".length());
            if (path.isBlank()) {
                throw new InvalidInputException("sqlite URL needs a file path, e.g. sqlite:/home/me/.tanken/tanken.db");
            }
            try {
                return SqliteDatabaseService.open(Path.of(path));
            } catch (InvalidPathException e) {
                throw new InvalidInputException("sqlite URL has an invalid path '" + path + "': " + e.getReason());
            }
        }
        throw new InvalidInputException("unsupported database URL '" + url
                + "': use sqlite:PATH or postgresql://user@host:port/database");
    }
}
