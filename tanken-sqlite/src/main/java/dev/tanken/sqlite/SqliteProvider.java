package dev.tanken.sqlite;

import dev.tanken.InvalidInputException;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Opens {@code sqlite:PATH} (and {@code jdbc:sqlite:PATH}) for {@link dev.tanken.db.DatabaseServices}. */
public final class SqliteProvider implements DatabaseProvider {
    @Override
    public List<String> prefixes() {
        return List.of("sqlite:", "jdbc:sqlite:");
    }

    @Override
    public DatabaseService open(String url, Clock clock) {
        String path = url.substring(url.indexOf("sqlite:") + "sqlite:".length());
        if (path.isBlank()) {
            throw new InvalidInputException("sqlite URL needs a file path, e.g. sqlite:/home/me/.tanken/tanken.db");
        }
        try {
            return SqliteDatabaseService.open(Path.of(path), clock);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("sqlite URL has an invalid path '" + path + "': " + e.getReason());
        }
    }
}
