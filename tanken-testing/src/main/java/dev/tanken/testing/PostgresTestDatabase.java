package dev.tanken.testing;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throw-away schema on the test PostgreSQL server ({@link TestServers#postgresUrl()}), so that
 * tests (and builds running at the same time) never see each other's rows.
 *
 * <p>{@link #createMigrated()} is what most tests want: a schema with Tanken's tables, cloned from a
 * template that Flyway migrated once per JVM. The clone replays the migration scripts in one
 * transaction and copies the template's Flyway history, so opening the service finds the schema
 * current and Flyway never starts; that is a few milliseconds instead of Flyway's start-up and
 * locking per test. {@link #create()} gives an empty schema, for tests of migration itself.
 *
 * <pre>{@code
 * try (PostgresTestDatabase pg = PostgresTestDatabase.createMigrated();
 *      DatabaseService db = DatabaseServices.open(pg.url())) { ... }
 * }</pre>
 */
public final class PostgresTestDatabase implements AutoCloseable {
    private static final String MIGRATIONS = "db/migration/postgresql";
    private static final String HISTORY = "flyway_schema_history";
    private static final Pattern URL = Pattern.compile(
            "postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)/([^?]+)(?:\\?(.*))?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");
    private static Template template;
    private static final java.util.Deque<String> RECYCLED = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static RuntimeException templateFailure;

    private final String baseUrl;
    private final String schema;

    private PostgresTestDatabase(String baseUrl, String schema) {
        this.baseUrl = baseUrl;
        this.schema = schema;
    }

    /** The server's URL without a schema (see {@link TestServers#postgresUrl()}). */
    public static String baseUrl() {
        return TestServers.postgresUrl();
    }

    /** A new, empty schema with a unique name. */
    public static PostgresTestDatabase create() {
        PostgresTestDatabase db = notCreated(uniqueName("tanken_test_"));
        db.execute("CREATE SCHEMA " + quote(db.schema));
        return db;
    }

    /** A new schema with Tanken's tables at the newest version, cloned from a per-JVM template. */
    public static PostgresTestDatabase createMigrated() {
        Template t = template();
        String recycled = RECYCLED.pollFirst();
        if (recycled != null) {
            return new PostgresTestDatabase(baseUrl(), recycled);
        }
        PostgresTestDatabase db = notCreated(uniqueName("tanken_test_"));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // A crash loses nothing a test needs, and the commit no longer waits for the disk.
            s.execute("SET LOCAL synchronous_commit = off");
            s.execute("CREATE SCHEMA " + quote(db.schema));
            s.execute("SET LOCAL search_path = " + quote(db.schema) + ", public");
            for (String script : t.scripts) {
                s.execute(script);
            }
            s.execute("CREATE TABLE " + HISTORY + " (LIKE " + quote(t.schema) + "." + HISTORY + " INCLUDING ALL)");
            s.execute("INSERT INTO " + HISTORY + " SELECT * FROM " + quote(t.schema) + "." + HISTORY);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cloning the template schema " + t.schema + " failed: " + e.getMessage(), e);
        }
        return db;
    }

    /**
     * A handle on a schema that is not created, for tests of what creates it; {@link #drop()} still
     * removes it. Pick a name with {@link #uniqueName(String)}.
     */
    public static PostgresTestDatabase notCreated(String schema) {
        if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        return new PostgresTestDatabase(baseUrl(), schema);
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

    /** The server's URL with extra Tanken parameters, e.g. {@code schema=...&maxPoolSize=2}. */
    public String urlWith(String parameters) {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + parameters;
    }

    /** Opens a service on this schema through its URL (tanken-postgres must be on the class path). */
    public DatabaseService open(String extraParameters) {
        return DatabaseServices.open(extraParameters == null || extraParameters.isEmpty() ? url()
                : urlWith("schema=" + schema + "&" + extraParameters));
    }

    /** A plain JDBC connection whose search path is this schema, then public (like the service's). */
    public Connection connect() {
        return connect(baseUrl, quote(schema) + ",public");
    }

    private static Connection connect(String tankenUrl, String searchPath) {
        Matcher m = URL.matcher(tankenUrl);
        if (!m.matches()) {
            throw new IllegalStateException("not a PostgreSQL URL (postgresql://user:password@host:port/database): "
                    + tankenUrl);
        }
        Properties props = new Properties();
        if (m.group(1) != null && !m.group(1).isEmpty()) {
            props.setProperty("user", decode(m.group(1)));
        }
        if (m.group(2) != null) {
            props.setProperty("password", decode(m.group(2)));
        }
        props.setProperty("currentSchema", searchPath);
        String jdbc = "jdbc:postgresql://" + m.group(3) + "/" + m.group(4);
        try {
            return DriverManager.getConnection(jdbc, props);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + m.group(3) + "/" + m.group(4)
                    + " is not reachable (set " + TestServers.POSTGRES_URL_ENV + "): " + e.getMessage(), e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Runs one statement on its own connection. */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Empties the tables of a schema from {@link #createMigrated()} and keeps it for the next
     * {@code createMigrated()} in this JVM, which is cheaper than dropping it and cloning another:
     * deleting a few rows costs less than creating and dropping every table. Use it only for a
     * schema whose tables the test did not alter; the kept schemas are dropped when the JVM exits.
     * The caller must have closed the services opened on it.
     */
    public void recycle() {
        Template t = template();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL synchronous_commit = off");
            // Children first: the foreign keys point at posts and users.
            for (String table : t.tables) {
                s.execute("DELETE FROM " + quote(schema) + "." + quote(table));
            }
            c.commit();
        } catch (SQLException e) {
            drop();
            return;
        }
        RECYCLED.addFirst(schema);
    }

    /** Drops the schema with everything in it. Idempotent. */
    public void drop() {
        execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
    }

    @Override
    public void close() {
        drop();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static synchronized Template template() {
        if (templateFailure != null) {
            // Every test after the first would wait for the same failure again.
            throw new IllegalStateException("the template schema could not be made: " + templateFailure.getMessage(),
                    templateFailure);
        }
        if (template == null) {
            try {
                PostgresTestDatabase t = create();
                Runtime.getRuntime().addShutdownHook(new Thread(t::drop, "tanken-test-template-drop"));
                // Flyway holds one connection for its lock and works on another.
                DatabaseServices.open(t.urlWith("schema=" + t.schema + "&maxPoolSize=2")).close();
                template = new Template(t.schema, migrationScripts(), tablesChildrenFirst(t));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    for (String kept; (kept = RECYCLED.pollFirst()) != null; ) {
                        notCreated(kept).drop();
                    }
                }, "tanken-test-recycled-drop"));
            } catch (RuntimeException e) {
                templateFailure = e;
                throw e;
            }
        }
        return template;
    }

    /** The scripts Flyway ran on the template, in version order. */
    private static List<String> migrationScripts() {
        List<String> names = new ArrayList<>(ClasspathDirectory.fileNames(MIGRATIONS).stream()
                .filter(n -> VERSION.matcher(n).matches()).toList());
        names.sort(Comparator.comparingInt(n -> {
            Matcher m = VERSION.matcher(n);
            m.matches();
            return Integer.parseInt(m.group(1));
        }));
        List<String> scripts = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = PostgresTestDatabase.class.getClassLoader().getResourceAsStream(MIGRATIONS + "/" + name)) {
                scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (scripts.isEmpty()) {
            throw new IllegalStateException("no migration scripts under " + MIGRATIONS + " (is tanken-postgres on the"
                    + " test class path?)");
        }
        return List.copyOf(scripts);
    }

    /**
     * The template's tables except Flyway's, each after every table that references it. A partitioned
     * table is listed, not its partitions: a delete from it reaches partitions made after the template.
     */
    private static List<String> tablesChildrenFirst(PostgresTestDatabase t) {
        String sql = """
                WITH RECURSIVE t AS (
                    SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                        AND c.relname <> 'flyway_schema_history'),
                depth(oid, d) AS (
                    SELECT oid, 0 FROM t
                    UNION ALL
                    SELECT con.conrelid, depth.d + 1 FROM depth JOIN pg_constraint con
                        ON con.confrelid = depth.oid AND con.contype = 'f' AND con.conrelid <> con.confrelid)
                SELECT t.relname FROM t JOIN depth ON depth.oid = t.oid
                GROUP BY t.relname ORDER BY max(depth.d) DESC, t.relname""";
        List<String> tables = new ArrayList<>();
        try (Connection c = t.connect(); java.sql.PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, t.schema);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("listing the template's tables failed: " + e.getMessage(), e);
        }
        return List.copyOf(tables);
    }

    private record Template(String schema, List<String> scripts, List<String> tables) {
    }
}
