package dev.tanken.testing;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A fresh, empty Tanken database for one test, named by URL: a SQLite file in a directory the test
 * owns, or a schema of its own on the test PostgreSQL server, already migrated. {@link #close()}
 * removes the PostgreSQL schema (close the services opened on it first); the SQLite file goes with
 * its directory.
 */
public final class TestDatabase implements AutoCloseable {
    /** The database backends a test can run on. */
    public enum Kind {
        SQLITE, POSTGRES
    }

    private final Kind kind;
    private final String url;
    private final PostgresTestDatabase schema;

    private TestDatabase(Kind kind, String url, PostgresTestDatabase schema) {
        this.kind = kind;
        this.url = url;
        this.schema = schema;
    }

    public static TestDatabase of(Kind kind, Path dir) {
        return switch (Objects.requireNonNull(kind, "kind")) {
            case SQLITE -> sqlite(dir);
            case POSTGRES -> postgres();
        };
    }

    /** A SQLite file in {@code dir} (for example a JUnit {@code @TempDir}). */
    public static TestDatabase sqlite(Path dir) {
        return new TestDatabase(Kind.SQLITE, "sqlite:" + dir.resolve("tanken.db").toAbsolutePath(), null);
    }

    /** A migrated schema of its own on the server {@link TestServers#postgresUrl()} names. */
    public static TestDatabase postgres() {
        PostgresTestDatabase schema = PostgresTestDatabase.createMigrated();
        return new TestDatabase(Kind.POSTGRES, schema.urlWith("schema=" + schema.schema() + "&maxPoolSize=4"), schema);
    }

    public Kind kind() {
        return kind;
    }

    /** The database's Tanken URL, for {@link DatabaseServices#open(String)} or a {@code TankenConfig}. */
    public String url() {
        return url;
    }

    /** Opens a service through {@link #url()}; the caller closes it. */
    public DatabaseService open() {
        return DatabaseServices.open(url);
    }

    /**
     * A plain JDBC connection to the database, bypassing Tanken, to look at what it stored (on
     * PostgreSQL its search path is the test's schema, then public).
     */
    public Connection connect() {
        if (schema != null) {
            return schema.connect();
        }
        try {
            return DriverManager.getConnection("jdbc:" + url);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the database: a PostgreSQL schema is emptied and kept for the next test in this JVM
     * ({@link PostgresTestDatabase#recycle()}). Close the services opened on it first.
     */
    @Override
    public void close() {
        if (schema != null) {
            schema.recycle();
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
