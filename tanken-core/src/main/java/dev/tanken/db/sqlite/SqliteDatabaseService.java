package dev.tanken.db.sqlite;

/** Placeholder replaced by the SQLite implementation branch. */
public abstract class SqliteDatabaseService implements dev.tanken.db.DatabaseService {
    public static SqliteDatabaseService open(java.nio.file.Path file) {
        throw new UnsupportedOperationException("SQLite backend not merged yet");
    }
}
