package dev.tanken.db;

import dev.tanken.InvalidInputException;
import dev.tanken.spi.internal.Providers;
import dev.tanken.spi.internal.UrlRedaction;
import java.time.Clock;
import dev.tanken.db.DatabaseProvider;

/**
 * Opens a {@link DatabaseService} from a URL through the backend on the class path: {@code
 * sqlite:PATH} ({@code tanken-sqlite}) or {@code postgresql://user@host:port/db} ({@code
 * tanken-postgres}).
 */
public final class DatabaseServices {
    private DatabaseServices() {
    }

    /**
     * @throws InvalidInputException if the URL is malformed or its backend is not on the class path
     * @throws dev.tanken.StorageException if the database cannot be reached
     */
    public static DatabaseService open(String url) {
        return open(url, Clock.systemUTC());
    }

    /**
     * Like {@link #open(String)}, with the clock the database takes its recorded times from.
     */
    public static DatabaseService open(String url, Clock clock) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("database URL must not be empty");
        }
        java.util.Objects.requireNonNull(clock, "clock");
        return Providers.find(DatabaseProvider.class, "database", url, UrlRedaction.redact(url)).open(url, clock);
    }
}
