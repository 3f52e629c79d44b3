package dev.tanken.sqlite.internal;

import dev.tanken.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings a database file to the current schema. The migrations live in {@link #LOCATION}; Flyway
 * applies them. Because starting Flyway is slow, the history table is read first and Flyway runs
 * only when it does not show {@link #LATEST_VERSION} as the last successful migration.
 */
public final class SqliteSchema {
    /**
     * Version of the newest migration under {@link #LOCATION}. Bump it with every new migration; a
     * test fails while the two disagree.
     */
    public static final String LATEST_VERSION = "10";
    public static final String LOCATION = "classpath:db/migration/sqlite";

    private static final Object MIGRATION_MONITOR = new Object();

    private SqliteSchema() {
    }

    /** What the history table says about a database. */
    public enum State { CURRENT, BEHIND, AHEAD }

    public static void ensureCurrent(SqliteConnections connections) {
        if (check(connections) == State.CURRENT) {
            return;
        }
        // Openers of a new file would otherwise race to migrate it. FileLock excludes other processes
        // but not other threads of this one (it throws for them), hence the JVM-wide monitor as well.
        // The lock is a separate file: locking the database file itself through Java would interfere
        // with SQLite's own POSIX locks on it.
        Path lockFile = connections.file().resolveSibling(connections.file().getFileName() + ".migration-lock");
        synchronized (MIGRATION_MONITOR) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                channel.lock(); // released when the channel closes
                if (check(connections) == State.CURRENT) {
                    return; // migrated by whoever held the lock before us
                }
                FlywayMigration.migrate(connections.dataSource(), LOCATION);
            } catch (IOException e) {
                throw new StorageException("cannot lock " + lockFile + " to migrate the database: " + e, e);
            } catch (StorageException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StorageException("cannot migrate the database " + connections.file()
                        + " to schema version " + LATEST_VERSION + ": " + e.getMessage(), e);
            }
        }
        if (state(connections) != State.CURRENT) {
            throw new StorageException("the database " + connections.file() + " is not at schema version "
                    + LATEST_VERSION + " after migration");
        }
    }

    /** The state, refusing a schema newer than this code knows. */
    private static State check(SqliteConnections connections) {
        State state = state(connections);
        if (state == State.AHEAD) {
            throw new StorageException("the database " + connections.file() + " was written by a newer Tanken "
                    + "(its schema is newer than version " + LATEST_VERSION + "); upgrade Tanken to use it");
        }
        return state;
    }

    public static State state(SqliteConnections connections) {
        return connections.read("read the schema version", SqliteSchema::state);
    }

    private static State state(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'flyway_schema_history'")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return State.BEHIND;
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT version, (SELECT count(*) FROM flyway_schema_history WHERE NOT success)
                    FROM flyway_schema_history
                    WHERE success AND version IS NOT NULL
                    ORDER BY installed_rank DESC LIMIT 1""")) {
                if (!rs.next()) {
                    return State.BEHIND;
                }
                String version = rs.getString(1);
                boolean failedMigrations = rs.getInt(2) > 0;
                int cmp = compareVersions(version, LATEST_VERSION);
                if (cmp > 0) {
                    return State.AHEAD;
                }
                // A failed migration is left for Flyway to report.
                return cmp == 0 && !failedMigrations ? State.CURRENT : State.BEHIND;
            }
        }
    }

    /** Compares Flyway versions such as "1", "1.2", "10" part by part, numerically. */
    static int compareVersions(String a, String b) {
        String[] pa = a.split("[._]");
        String[] pb = b.split("[._]");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            long x = i < pa.length ? parsePart(pa[i]) : 0;
            long y = i < pb.length ? parsePart(pb[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    private static long parsePart(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw new StorageException("unreadable schema version part '" + part + "' in flyway_schema_history");
        }
    }
}
