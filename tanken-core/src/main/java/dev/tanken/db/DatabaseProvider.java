package dev.tanken.db;

import dev.tanken.spi.UrlProvider;

/**
 * A database backend that {@link dev.tanken.db.DatabaseServices#open(String)} finds through {@link
 * java.util.ServiceLoader}: each backend artifact ({@code tanken-sqlite}, {@code tanken-postgres})
 * lists its provider in {@code META-INF/services/dev.tanken.db.DatabaseProvider}.
 */
public interface DatabaseProvider extends UrlProvider {
    /**
     * Opens the database {@code url} names; {@link #accepts(String)} was true for it. Times the
     * database records (when a like or bookmark was made) come from {@code clock}.
     *
     * @throws dev.tanken.InvalidInputException if the URL is malformed
     * @throws dev.tanken.StorageException if the database cannot be reached
     */
    DatabaseService open(String url, java.time.Clock clock);
}
