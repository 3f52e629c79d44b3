package dev.tanken.postgres.internal;

import dev.tanken.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a Tanken schema up to date with Flyway. Flyway's start-up (classpath scanning, plugin
 * discovery) costs hundreds of milliseconds, and the CLI opens the database on every invocation, so
 * the history table is read first and Flyway only runs when the schema is behind.
 */
public final class PostgresSchema {
    /**
     * The version of the newest script in {@link #LOCATION}. Raise it with every new migration; a
     * test checks that a fresh migration ends exactly here.
     */
    public static final String LATEST_VERSION = "12";
    public static final String LOCATION = "classpath:db/migration/postgresql";
    public static final String HISTORY_TABLE = "flyway_schema_history";

    private PostgresSchema() {
    }

    /** Migrates {@code schema} unless it is already current; returns true when Flyway ran. */
    public static boolean migrate(DataSource dataSource, String schema) {
        try {
            if (LATEST_VERSION.equals(appliedVersion(dataSource, schema))) {
                return false;
            }
        } catch (SQLException e) {
            throw PostgresErrors.storageFailure("reading the schema version of '" + schema + "'", e);
        }
        try {
            Flyway.configure(PostgresSchema.class.getClassLoader())
                    .dataSource(dataSource)
                    // Through SLF4J like every other dependency, never Flyway's own console fallback.
                    .loggers("slf4j")
                    .schemas(schema)
                    .defaultSchema(schema)
                    .table(HISTORY_TABLE)
                    .locations(LOCATION)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StorageException("PostgreSQL: migrating schema '" + schema + "' failed: " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * The version of the last successful versioned migration in the schema's history, or null when
     * there is no history (new schema) or the last entry is not a successful migration (a failed
     * or repaired one: Flyway must look at it).
     */
    public static String appliedVersion(DataSource dataSource, String schema) throws SQLException {
        String table = PostgresUrl.quoteIdentifier(schema) + "." + HISTORY_TABLE;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return null;
                    }
                }
            }
            // Flyway's schema-creation marker is not a migration; every other row counts.
            try (PreparedStatement s = c.prepareStatement("SELECT version, success FROM " + table
                    + " WHERE type <> 'SCHEMA' ORDER BY installed_rank DESC LIMIT 1");
                    ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean("success") ? rs.getString("version") : null;
            }
        }
    }
}
