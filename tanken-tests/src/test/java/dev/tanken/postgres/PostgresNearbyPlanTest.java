package dev.tanken.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.postgres.internal.MercatorNearby;
import dev.tanken.postgres.internal.PostgresSql;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The nearby query must be answered from the GiST index on a table large enough that the planner
 * would otherwise scan it. EXPLAINs the service's own SQL ({@link PostgresSql}), both as a
 * one-off statement (custom plan) and as the generic plan PostgreSQL switches to once pgjdbc has
 * prepared the statement on the server.
 */
class PostgresNearbyPlanTest {
    private static final int POSTS = 200_000;
    private static final Pattern PARAM = Pattern.compile("(?<!:):([a-zA-Z]+)");
    private static final Pattern TOTAL_COST = Pattern.compile("cost=[0-9.]+\\.\\.([0-9.]+)");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("lat", "float8"), Map.entry("lon", "float8"), Map.entry("box", "float8"),
            Map.entry("chord", "float8"), Map.entry("afterChord", "float8"), Map.entry("limit", "int"),
            Map.entry("afterId", "uuid"), Map.entry("slack", "float8"), Map.entry("stretch", "float8"),
            Map.entry("reach", "float8"), Map.entry("viewer", "uuid"));

    private static PostgresTestDatabase db;
    private static Connection connection;

    @BeforeAll
    static void fillPosts() throws SQLException {
        db = PostgresTestDatabase.createMigrated();
        PostgresDatabaseService.open(db.url()).close();
        connection = db.connect();
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO users (id, username, created_at)"
                    + " VALUES ('00000000-0000-7000-8000-000000000001', 'bulk', now())");
            s.execute("SELECT setseed(0.5)");
            // Uniform over the sphere: latitude from asin of a uniform z.
            s.execute("INSERT INTO posts (post_id, author_id, created_at, blob_key, media_type, sha256, width, height,"
                    + " latitude, longitude)"
                    + " SELECT gen_random_uuid(), '00000000-0000-7000-8000-000000000001', now(), 'b' || i,"
                    + " 'image/jpeg', encode(sha256(int4send(i)), 'hex'), 100, 100,"
                    + " degrees(asin(2 * random() - 1)), 360 * random() - 180"
                    + " FROM generate_series(1, " + POSTS + ") AS i");
            s.execute("VACUUM ANALYZE posts");
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        if (db != null) {
            db.drop();
        }
    }

    @Test
    void firstPageUsesTheGistIndexForSmallAndLargeRadii() throws SQLException {
        for (double radius : new double[] {2_000, 1_000_000}) {
            Map<String, Object> params = params(48.85, 2.35, radius);
            assertIndexPlan(explain(PostgresSql.NEARBY_FIRST, params, false));
            assertIndexPlan(explain(PostgresSql.NEARBY_FIRST, params, true));
        }
    }

    @Test
    void nextPageUsesTheGistIndex() throws SQLException {
        Map<String, Object> params = params(-33.86, 151.21, 500_000);
        params.put("afterChord", SphericalGeometry.metersToChord(100_000));
        params.put("afterId", UUID.fromString("01900000-0000-7000-8000-000000000000"));
        assertIndexPlan(explain(PostgresSql.NEARBY_NEXT, params, false));
        assertIndexPlan(explain(PostgresSql.NEARBY_NEXT, params, true));
    }

    @Test
    void mercatorPagesUseTheMercatorIndexWithoutReadingTheTable() throws SQLException {
        for (double radius : new double[] {1_000, 200_000}) {
            Map<String, Object> params = mercatorParams(35.68, 139.77, radius);
            for (boolean generic : new boolean[] {false, true}) {
                assertMercatorPlan(explain(PostgresSql.nearbyMercator(false, false, 21, 23), params, generic));
            }
        }
        Map<String, Object> params = mercatorParams(-33.86, 151.21, 50_000);
        params.put("afterChord", SphericalGeometry.metersToChord(10_000));
        params.put("afterId", UUID.fromString("01900000-0000-7000-8000-000000000000"));
        assertMercatorPlan(explain(PostgresSql.nearbyMercator(false, true, 21, 23), params, false));
        assertMercatorPlan(explain(PostgresSql.nearbyMercator(false, true, 21, 23), params, true));
    }

    /**
     * Planning a Mercator statement costs about as much as running it, so a statement pgjdbc has
     * prepared on the server must settle on PostgreSQL's generic plan in the default
     * {@code plan_cache_mode}: after five custom plans PostgreSQL keeps the generic one only when its
     * estimated cost is no higher than theirs (with the planning they cost added).
     */
    @Test
    void preparedMercatorStatementsSettleOnTheGenericPlan() throws SQLException {
        for (boolean viewer : new boolean[] {false, true}) {
            for (boolean next : new boolean[] {false, true}) {
                for (int limit : new int[] {2, 21, 101}) {
                    String sql = PostgresSql.nearbyMercator(viewer, next, limit, limit + 2);
                    long[] plans = planCounts(sql, 12,
                            i -> mercatorParams(35.68 + 0.01 * i, 139.77 - 0.01 * i, 1_000 + 100 * i));
                    assertThat(plans).as("generic and custom plans of %d executions, viewer %s, next %s, limit %d",
                            12, viewer, next, limit).containsExactly(7, 5);
                }
            }
        }
    }

    /**
     * The same for the {@code cube} statements, which serve searches near a pole or across the
     * antimeridian: centres at 88° N and on the antimeridian. Fails with the reference
     * statements ({@link PostgresSql#NEARBY_FIRST} and the like: bound {@code LIMIT}, the centre's
     * expression in every row), which PostgreSQL plans at every execution.
     */
    @Test
    void preparedCubeStatementsSettleOnTheGenericPlan() throws SQLException {
        double[][] centres = {{88, 10}, {-40, -180}};
        for (double[] centre : centres) {
            for (boolean viewer : new boolean[] {false, true}) {
                for (boolean next : new boolean[] {false, true}) {
                    for (int limit : new int[] {2, 21, 101}) {
                        String sql = PostgresSql.nearbyCube(viewer, next, limit);
                        long[] plans = planCounts(sql, 12,
                                i -> params(centre[0] - Math.signum(centre[0]) * 0.01 * i, centre[1], 50_000 + 1_000 * i));
                        assertThat(plans).as("generic and custom plans of %d executions at %s, viewer %s, next %s,"
                                + " limit %d", 12, java.util.Arrays.toString(centre), viewer, next, limit)
                                .containsExactly(7, 5);
                    }
                }
            }
        }
    }

    /** The service's cube statements (without a viewer), custom and generic plans, use the GiST index at a pole and on the antimeridian. */
    @Test
    void cubeStatementsUseTheGistIndexNearAPoleAndOnTheAntimeridian() throws SQLException {
        for (double[] centre : new double[][] {{89.5, 45}, {-10, 180}}) {
            for (boolean next : new boolean[] {false, true}) {
                Map<String, Object> params = params(centre[0], centre[1], 300_000);
                params.remove("limit");
                params.put("afterChord", SphericalGeometry.metersToChord(10_000));
                params.put("afterId", UUID.fromString("01900000-0000-7000-8000-000000000000"));
                for (boolean generic : new boolean[] {false, true}) {
                    assertIndexPlan(explain(PostgresSql.nearbyCube(false, next, 21), params, generic));
                }
            }
        }
    }

    /**
     * The service's cube statements return the very rows (post ids and chords, in order) of the
     * reference statements, page after page, near the poles and across the antimeridian, for an
     * anonymous search, a viewer with no posts and the viewer who wrote every post.
     */
    @Test
    void cubeStatementsReturnTheReferencePages() throws SQLException {
        UUID[] viewers = {null, UUID.fromString("00000000-0000-7000-8000-0000000000ff"),
                UUID.fromString("00000000-0000-7000-8000-000000000001")};
        for (double[] centre : new double[][] {{89.9, 0}, {-88, 77}, {0.5, 180}, {-20, -179.9}}) {
            for (UUID viewer : viewers) {
                Map<String, Object> values = params(centre[0], centre[1], 400_000);
                values.put("viewer", viewer);
                int pages = 0;
                List<String> page;
                do {
                    boolean next = values.containsKey("afterId");
                    String reference = viewer == null
                            ? (next ? PostgresSql.NEARBY_NEXT : PostgresSql.NEARBY_FIRST)
                            : (next ? PostgresSql.NEARBY_VIEWER_NEXT : PostgresSql.NEARBY_VIEWER_FIRST);
                    page = rows(reference, values);
                    assertThat(rows(PostgresSql.nearbyCube(viewer != null, next, 21), values))
                            .as("page %d at %s, viewer %s", pages, java.util.Arrays.toString(centre), viewer)
                            .isEqualTo(page);
                    if (page.size() == 21) {
                        String[] last = page.get(19).split(" ");
                        values.put("afterId", UUID.fromString(last[0]));
                        values.put("afterChord", Double.parseDouble(last[1]));
                    }
                    pages++;
                } while (page.size() == 21 && pages < 4);
                assertThat(pages).as("pages at %s", java.util.Arrays.toString(centre)).isEqualTo(4);
            }
        }
    }

    /** Runs {@code sql} with its {@code :name} parameters; the rows as "post id, chord". */
    private static List<String> rows(String sql, Map<String, Object> values) throws SQLException {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(sql);
        StringBuilder marked = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(marked, "?");
        }
        m.appendTail(marked);
        try (java.sql.PreparedStatement ps = connection.prepareStatement(marked.toString())) {
            for (int i = 0; i < names.size(); i++) {
                assertThat(values).as("value for :" + names.get(i)).containsKey(names.get(i));
                ps.setObject(i + 1, values.get(names.get(i)));
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getObject("post_id") + " " + rs.getDouble("chord"));
                }
            }
            return rows;
        }
    }

    /**
     * Executes {@code sql} as a prepared statement {@code times} times, execution i with the values
     * {@code values} gives for i (and a viewer and cursor); returns its (generic, custom) plan counts.
     */
    private static long[] planCounts(String sql, int times, java.util.function.IntFunction<Map<String, Object>> valuesOf)
            throws SQLException {
        List<String> names = new ArrayList<>();
        String numbered = numbered(sql, names);
        List<String> types = new ArrayList<>();
        for (String name : names) {
            types.add(TYPES.get(name));
        }
        String statement = "tanken_plans_" + System.nanoTime();
        try (Statement s = connection.createStatement()) {
            s.execute("RESET plan_cache_mode");
            s.execute("PREPARE " + statement + " (" + String.join(", ", types) + ") AS " + numbered);
            for (int i = 0; i < times; i++) {
                Map<String, Object> values = valuesOf.apply(i);
                values.put("viewer", UUID.fromString("00000000-0000-7000-8000-000000000001"));
                values.put("afterChord", SphericalGeometry.metersToChord(10 * i));
                values.put("afterId", UUID.fromString("01900000-0000-7000-8000-000000000000"));
                List<String> args = new ArrayList<>();
                for (String name : names) {
                    Object v = values.get(name);
                    args.add(v instanceof UUID ? "'" + v + "'::uuid" : String.valueOf(v));
                }
                s.executeQuery("EXECUTE " + statement + " (" + String.join(", ", args) + ")").close();
            }
            try (ResultSet rs = s.executeQuery("SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                    + " WHERE name = '" + statement + "'")) {
                assertThat(rs.next()).isTrue();
                long[] counts = {rs.getLong(1), rs.getLong(2)};
                s.execute("DEALLOCATE " + statement);
                return counts;
            }
        }
    }

    private static Map<String, Object> mercatorParams(double lat, double lon, double radiusMeters) {
        Map<String, Object> params = params(lat, lon, radiusMeters);
        params.remove("box");
        MercatorNearby m = MercatorNearby.around(lat, lon, (double) params.get("chord")).orElseThrow();
        params.put("stretch", m.stretch());
        params.put("reach", m.reach());
        params.put("slack", MercatorNearby.SLACK);
        return params;
    }

    /**
     * A nearest-neighbour scan of the Mercator index, and no full scan of posts. Index-only where the
     * visibility map allows, which other sessions' snapshots on the shared server may delay, so
     * either scan passes.
     */
    private static void assertMercatorPlan(String plan) {
        assertThat(plan).as(plan)
                .containsPattern("Index (Only )?Scan using posts_mercator_idx on posts")
                .containsPattern("Order By: \\(mercator <-> ")
                .doesNotContain("Seq Scan on posts");
    }

    /**
     * The viewer who wrote every post sees the very pages an anonymous search sees (every post is
     * exact, so its own position is its shown one): the latitude band that narrows the viewer's own
     * posts drops none of them, at the poles, on the antimeridian, on the equator, for a radius of a
     * few metres and one of a quarter of the globe.
     */
    @Test
    void theLatitudeBandDropsNoneOfTheViewersOwnPosts() throws SQLException {
        UUID author = UUID.fromString("00000000-0000-7000-8000-000000000001");
        for (double[] centre : new double[][] {{89.99, 0}, {-89.5, 120}, {0, 180}, {0.001, 0.001}, {35.68, 139.77}}) {
            for (double radius : new double[] {5, 300_000, 5_000_000}) {
                Map<String, Object> values = params(centre[0], centre[1], radius);
                for (boolean mercator : new boolean[] {false, true}) {
                    String anonymous = mercator ? PostgresSql.nearbyMercator(false, false, 21, 23)
                            : PostgresSql.nearbyCube(false, false, 21);
                    String own = mercator ? PostgresSql.nearbyMercator(true, false, 21, 23)
                            : PostgresSql.nearbyCube(true, false, 21);
                    Map<String, Object> viewer = new LinkedHashMap<>(values);
                    viewer.put("viewer", author);
                    if (mercator) {
                        java.util.Optional<MercatorNearby> bounds = MercatorNearby.around(centre[0], centre[1],
                                (double) values.get("chord"));
                        if (bounds.isEmpty()) {
                            continue;
                        }
                        for (Map<String, Object> v : List.of(values, viewer)) {
                            v.put("stretch", bounds.get().stretch());
                            v.put("reach", bounds.get().reach());
                        }
                    }
                    assertThat(rows(own, viewer)).as("%s, %s m, mercator %s", java.util.Arrays.toString(centre), radius,
                            mercator).isEqualTo(rows(anonymous, values));
                }
            }
        }
    }

    /** The viewer's own posts are read through (author, latitude), only the circle's band of latitudes. */
    @Test
    void theViewersOwnPostsAreReadByLatitudeBand() throws SQLException {
        Map<String, Object> params = params(35.68, 139.77, 5_000);
        params.put("viewer", UUID.fromString("00000000-0000-7000-8000-000000000001"));
        for (boolean generic : new boolean[] {false, true}) {
            String plan = explain(PostgresSql.nearbyCube(true, false, 21), params, generic);
            assertThat(plan).as(plan).containsPattern("Index (Only )?Scan using posts_author_latitude_idx on posts")
                    .containsPattern("Index Cond: \\(\\(author_id = .*latitude >= ");
        }
    }

    @Test
    void theTableIsLargeEnoughThatAScanWouldCostMore() throws SQLException {
        Map<String, Object> params = params(35.68, 139.77, 5_000);
        String indexed = explain(PostgresSql.NEARBY_FIRST, params, false);
        String scanned;
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL enable_indexscan = off");
            s.execute("SET LOCAL enable_bitmapscan = off");
            scanned = explain(PostgresSql.NEARBY_FIRST, params, false);
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        assertThat(scanned).contains("Seq Scan on posts");
        assertThat(totalCost(scanned)).as("sequential scan plan:%n%s%nindex plan:%n%s", scanned, indexed)
                .isGreaterThan(10 * totalCost(indexed));
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM posts")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(POSTS);
        }
    }

    private static Map<String, Object> params(double lat, double lon, double radiusMeters) {
        double chord = SphericalGeometry.metersToChord(radiusMeters);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lat", lat);
        params.put("lon", lon);
        params.put("box", chord);
        params.put("slack", 1e-12);
        params.put("chord", chord);
        params.put("limit", 21);
        return params;
    }

    /** A nearest-neighbour scan of the GiST index, and no full scan of posts anywhere in the plan. */
    private static void assertIndexPlan(String plan) {
        assertThat(plan).as(plan)
                .contains("Index Scan using posts_geo_idx on posts")
                .containsPattern("Order By: \\(geo <-> ")
                .doesNotContain("Seq Scan on posts");
    }

    /**
     * EXPLAINs {@code sql} with its {@code :name} parameters as a server-side prepared statement; with
     * {@code generic}, the plan that does not look at the values (what a re-used statement gets).
     */
    private static String explain(String sql, Map<String, Object> values, boolean generic) throws SQLException {
        List<String> names = new ArrayList<>();
        String numbered = numbered(sql, names);
        List<String> types = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (String name : names) {
            assertThat(values).as("value for :" + name).containsKey(name);
            types.add(TYPES.get(name));
            Object v = values.get(name);
            args.add(v instanceof UUID ? "'" + v + "'::uuid" : String.valueOf(v));
        }
        String statement = "tanken_nearby_" + System.nanoTime();
        try (Statement s = connection.createStatement()) {
            s.execute("SET plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
            s.execute("PREPARE " + statement + " (" + String.join(", ", types) + ") AS " + numbered);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE " + statement + " (" + String.join(", ", args) + ")")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            s.execute("DEALLOCATE " + statement);
            s.execute("RESET plan_cache_mode");
            System.out.println((generic ? "generic" : "custom") + " plan:\n" + plan);
            return plan.toString();
        }
    }

    /** {@code sql} with its {@code :name} parameters numbered {@code $1, $2, ...} in the order added to {@code names}. */
    private static String numbered(String sql, List<String> names) {
        Matcher m = PARAM.matcher(sql);
        StringBuilder numbered = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!names.contains(name)) {
                names.add(name);
            }
            m.appendReplacement(numbered, "\\$" + (names.indexOf(name) + 1));
        }
        m.appendTail(numbered);
        return numbered.toString();
    }

    private static double totalCost(String plan) {
        Matcher m = TOTAL_COST.matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
