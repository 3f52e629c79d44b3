package dev.tanken.testing;

import dev.tanken.postgres.internal.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A throw-away schema in the test PostgreSQL database, so that tests (and modules running at the same
 * time) never see each other's rows. The server comes from {@value #URL_ENV}, default
 * {@value #DEFAULT_URL}; when it is unreachable, {@link #create()} fails loudly.
 *
 * <pre>{@code
 * try (PostgresTestDatabase db = PostgresTestDatabase.create();
 *      DatabaseService service = PostgresDatabaseService.open(db.url())) { ... }
 * }</pre>
 */
public final class PostgresTestDatabase implements AutoCloseable {
    public static final String URL_ENV = "TANKEN_TEST_PG_URL";
    public static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

    private final String baseUrl;
    private final PostgresUrl base;
    private final String schema;

    private PostgresTestDatabase(String baseUrl, String schema) {
        this.baseUrl = baseUrl;
        this.base = PostgresUrl.parse(baseUrl);
        this.schema = schema;
    }

    /** The server's URL without a schema, from the environment or the default. */
    public static String baseUrl() {
        String url = System.getenv(URL_ENV);
        return url == null || url.isBlank() ? DEFAULT_URL : url.strip();
    }

    /** Creates a new, empty schema with a unique name. */
    public static PostgresTestDatabase create() {
        PostgresTestDatabase db = notCreated(uniqueName("tanken_test_"));
        db.execute("CREATE SCHEMA " + PostgresUrl.quoteIdentifier(db.schema));
        return db;
    }

    /**
     * A handle on a schema that is not created, for tests of what creates it; {@link #drop()} still
     * removes it. Pick a name with {@link #uniqueName(String)}.
     */
    public static PostgresTestDatabase notCreated(String schema) {
        String url = baseUrl();
        if (url.contains("schema=")) {
            throw new IllegalStateException(URL_ENV + " must not name a schema; tests make their own: " + url);
        }
        return new PostgresTestDatabase(url, PostgresUrl.requireSchemaName(schema));
    }

    public static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public String schema() {
        return schema;
    }

    /** A Tanken PostgreSQL URL for this schema. */
    public String url() {
        return urlWith("schema=" + schema);
    }

    /** The same URL with extra Tanken parameters, e.g. {@code maxPoolSize=2}. */
    public String urlWith(String parameters) {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + parameters;
    }

    /** A plain JDBC connection whose search path is this schema, then public (like the service's). */
    public Connection connect() {
        Properties props = new Properties();
        if (base.user() != null) {
            props.setProperty("user", base.user());
        }
        if (base.password() != null) {
            props.setProperty("password", base.password());
        }
        props.setProperty("currentSchema", PostgresUrl.quoteIdentifier(schema) + ",public");
        try {
            return DriverManager.getConnection(base.jdbcUrl(), props);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + base.describe() + " is not reachable (set "
                    + URL_ENV + "): " + e.getMessage(), e);
        }
    }

    /** Runs one statement on its own connection. */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Drops the schema with everything in it. Idempotent. */
    public void drop() {
        execute("DROP SCHEMA IF EXISTS " + PostgresUrl.quoteIdentifier(schema) + " CASCADE");
    }

    @Override
    public void close() {
        drop();
    }
}
