package dev.tanken.db.postgres;

/** Placeholder replaced by the PostgreSQL implementation branch. */
public abstract class PostgresDatabaseService implements dev.tanken.db.DatabaseService {
    public static PostgresDatabaseService open(String url) {
        throw new UnsupportedOperationException("PostgreSQL backend not merged yet");
    }
}
