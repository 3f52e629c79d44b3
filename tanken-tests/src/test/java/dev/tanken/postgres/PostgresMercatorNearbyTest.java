package dev.tanken.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.geo.SphericalGeometry;
import dev.tanken.postgres.internal.MercatorNearby;
import dev.tanken.postgres.internal.PostgresSql;
import dev.tanken.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Mercator nearby statements return exactly what the 3-D ones return — the same posts, in the
 * same (chord, post id) order, with bit-identical chords — and, without a viewer, exactly the first
 * rows of every post sorted by (chord, post id), on data built to trouble a plane: dense
 * clusters, many posts at one point, high latitudes where the Mercator scale changes fast across a
 * circle, posts beside the antimeridian and the poles, approximate and hidden posts, and viewers.
 * The statements run with the service's parameters ({@link MercatorNearby}) and also with no spare
 * candidates at all, which makes the second, widening scan run on most searches.
 */
class PostgresMercatorNearbyTest {
    private static final String AUTHOR = "00000000-0000-7000-8000-00000000000";
    private static final int AUTHORS = 4;

    private static PostgresTestDatabase db;
    private static Connection connection;
    private static Handle handle;

    @BeforeAll
    static void fillPosts() throws SQLException {
        db = PostgresTestDatabase.createMigrated();
        connection = db.connect();
        handle = Jdbi.open(connection);
        try (Statement s = connection.createStatement()) {
            for (int a = 0; a < AUTHORS; a++) {
                s.execute("INSERT INTO users (id, username, created_at) VALUES ('" + AUTHOR + a + "', 'a" + a + "', now())");
            }
            s.execute("SELECT setseed(0.25)");
            // Gaussian clusters (Box-Muller): dense Tokyo, 78° N, beside the antimeridian, near the pole.
            insert(s, 3000, "35.68 + 0.005 * g1", "139.77 + 0.006 * g2");
            insert(s, 1500, "78.0 + 0.01 * g1", "20.0 + 0.05 * g2");
            insert(s, 400, "10.0 + 0.01 * g1", "least(180, greatest(-180, 179.995 + 0.004 * g2))");
            insert(s, 300, "least(90, 84.97 + 0.02 * g1)", "-45 + 0.2 * g2");
            // Uniform over the sphere, and at the poles and on the antimeridian exactly.
            insert(s, 2000, "degrees(asin(2 * random() - 1))", "360 * random() - 180");
            insert(s, 5, "90", "10 * i");
            insert(s, 5, "-90", "10 * i");
            insert(s, 10, "10.0 + 0.001 * i", "CASE WHEN i % 2 = 0 THEN 180 ELSE -180 END");
            // Ties: many posts at a handful of points, one of them a cluster's centre.
            insert(s, 60, "35.68 + 0.001 * (i % 3)", "139.77");
            insert(s, 20, "78.0", "20.0");
            // Some posts approximate (shown at a coarser point) or hidden.
            s.execute("UPDATE posts SET location_precision = 'approximate',"
                    + " shown_latitude = round(latitude::numeric, 3), shown_longitude = round(longitude::numeric, 3)"
                    + " WHERE get_byte(uuid_send(post_id), 15) % 10 = 0");
            s.execute("UPDATE posts SET location_precision = 'hidden' WHERE get_byte(uuid_send(post_id), 15) % 10 = 1");
            s.execute("VACUUM ANALYZE posts");
        }
    }

    /** {@code n} posts at the given expressions of {@code i}, {@code g1} and {@code g2} (two standard normals). */
    private static void insert(Statement s, int n, String latitude, String longitude) throws SQLException {
        s.execute("INSERT INTO posts (post_id, author_id, created_at, blob_key, media_type, sha256, width, height,"
                + " latitude, longitude)"
                + " SELECT md5(random()::text)::uuid, ('" + AUTHOR + "' || (i % " + AUTHORS + "))::uuid, now(), 'b' || i,"
                + " 'image/jpeg', md5(random()::text) || md5(random()::text), 100, 100, " + latitude + ", " + longitude
                + " FROM (SELECT i, sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS g1,"
                + " sqrt(-2 * ln(1 - random())) * sin(2 * pi() * random()) AS g2"
                + " FROM generate_series(1, " + n + ") AS i) AS g");
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (handle != null) {
            handle.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (db != null) {
            db.drop();
        }
    }

    @Test
    void aPostFartherInThePlaneButNearerOnTheSphereIsFound() {
        // At 60.5° N the Mercator scale grows by ~2.8e-4 per km northwards, so a post 1,000 m north is
        // farther in the plane than one 1,000.2 m south: a plane-only top 1 would return the wrong one.
        double lat = 60.5;
        double lon = -150;
        double degreesPerMeter = Math.toDegrees(1 / SphericalGeometry.EARTH_RADIUS_METERS);
        UUID north = insertAt(lat + 1000 * degreesPerMeter, lon);
        UUID south = insertAt(lat - 1000.2 * degreesPerMeter, lon);
        double chord = SphericalGeometry.metersToChord(5_000);
        MercatorNearby m = MercatorNearby.around(lat, lon, chord).orElseThrow();
        double planeNorth = plane(north, lat, lon);
        double planeSouth = plane(south, lat, lon);
        assertThat(planeSouth).isLessThan(planeNorth);

        // One candidate (the plane-nearest, south): the proof fails and the widening scan finds north.
        List<Row> found = mercator(PostgresSql.nearbyMercator(false, false, 1, 1), lat, lon, chord, m, null, null);
        assertThat(found).extracting(Row::id).containsExactly(north);
        assertThat(found).isEqualTo(cube(PostgresSql.NEARBY_FIRST, lat, lon, chord, 1, null, null));
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM posts WHERE post_id IN ('" + north + "', '" + south + "')");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyPageEqualsTheThreeDimensionalAnswer() {
        Random random = new Random(11);
        double[][] places = {{35.68, 139.77}, {78.0, 20.0}, {10.0, 179.99}, {84.97, -45}, {35.681, 139.77}};
        double[] radii = {0, 30, 300, 1_000, 5_000, 50_000, 1_000_000};
        int[] limits = {1, 3, 20};
        int mercatorSearches = 0;
        for (int n = 0; n < 160; n++) {
            double lat;
            double lon;
            if (n % 4 == 3) {
                lat = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
                lon = 360 * random.nextDouble() - 180;
            } else {
                double[] place = places[random.nextInt(places.length)];
                lat = Math.max(-90, Math.min(90, place[0] + random.nextGaussian() * 0.01));
                lon = Math.max(-180, Math.min(180, place[1] + random.nextGaussian() * 0.01));
            }
            double chord = SphericalGeometry.metersToChord(radii[random.nextInt(radii.length)]);
            int limit = limits[random.nextInt(limits.length)];
            UUID viewer = n % 3 == 0 ? UUID.fromString(AUTHOR + random.nextInt(AUTHORS)) : null;
            Optional<MercatorNearby> m = MercatorNearby.around(lat, lon, chord);
            if (m.isEmpty()) {
                continue;
            }
            mercatorSearches++;
            for (int surplus : new int[] {0, 2}) {
                comparePages(lat, lon, chord, limit, surplus, m.get(), viewer);
            }
        }
        assertThat(mercatorSearches).isGreaterThan(80);
    }

    /** Pages through (at most 4 pages) with both statements and compares every page. */
    private static void comparePages(double lat, double lon, double chord, int limit, int surplus, MercatorNearby m,
            UUID viewer) {
        Row after = null;
        for (int page = 0; page < 4; page++) {
            String cubeSql = viewer == null
                    ? (after == null ? PostgresSql.NEARBY_FIRST : PostgresSql.NEARBY_NEXT)
                    : (after == null ? PostgresSql.NEARBY_VIEWER_FIRST : PostgresSql.NEARBY_VIEWER_NEXT);
            int fetch = limit + 1;
            String mercatorSql = PostgresSql.nearbyMercator(viewer != null, after != null, fetch, fetch + surplus);
            List<Row> found = mercator(mercatorSql, lat, lon, chord, m, after, viewer);
            String what = String.format("page %d around (%s, %s), chord %s, limit %d, %d spare candidates, viewer %s",
                    page, lat, lon, chord, limit, surplus, viewer);
            // The 3-D statement is exact on the page; the extra row only says whether another page
            // follows, and among posts tied at its distance it may be any of them.
            List<Row> cube = cube(cubeSql, lat, lon, chord, fetch, after, viewer);
            assertThat(found).as(what).hasSameSizeAs(cube);
            assertThat(found.subList(0, Math.min(limit, found.size()))).as(what)
                    .isEqualTo(cube.subList(0, Math.min(limit, cube.size())));
            if (viewer == null) {
                assertThat(found).as(what).isEqualTo(everyPost(lat, lon, chord, fetch, after));
            }
            if (found.size() < fetch) {
                return;
            }
            after = found.get(limit - 1);
        }
    }

    private record Row(UUID id, double chord) {
    }

    private static List<Row> cube(String sql, double lat, double lon, double chord, int fetch, Row after,
            UUID viewer) {
        Query q = handle.createQuery(sql).bind("box", chord + 1e-12).bind("slack", 1e-12);
        return rows(q, lat, lon, chord, fetch, after, viewer);
    }

    /** The first rows by (chord, post id) after the cursor, from every post: no index can leave one out. */
    private static List<Row> everyPost(double lat, double lon, double chord, int fetch, Row after) {
        String centre = "cube(ARRAY[cos(radians(:lat)) * cos(radians(:lon)), cos(radians(:lat)) * sin(radians(:lon)),"
                + " sin(radians(:lat))])";
        String sql = "SELECT post_id, chord FROM (SELECT post_id, geo <-> " + centre + " AS chord FROM posts"
                + " WHERE geo IS NOT NULL OFFSET 0) measured WHERE chord <= :chord"
                + (after == null ? "" : " AND (chord > :afterChord OR (chord = :afterChord AND post_id > :afterId))")
                + " ORDER BY chord, post_id LIMIT :limit";
        return rows(handle.createQuery(sql), lat, lon, chord, fetch, after, null);
    }

    /** {@code sql} holds its row counts (see {@link PostgresSql#nearbyMercator}). */
    private static List<Row> mercator(String sql, double lat, double lon, double chord, MercatorNearby m, Row after,
            UUID viewer) {
        Query q = handle.createQuery(sql).bind("stretch", m.stretch()).bind("reach", m.reach())
                .bind("slack", MercatorNearby.SLACK);
        return rows(q, lat, lon, chord, null, after, viewer);
    }

    /** Binds {@code :limit} to {@code fetch} unless that is null (a statement with its row counts written in). */
    private static List<Row> rows(Query q, double lat, double lon, double chord, Integer fetch, Row after,
            UUID viewer) {
        q.bind("lat", lat).bind("lon", lon).bind("chord", chord);
        if (fetch != null) {
            q.bind("limit", fetch);
        }
        if (after != null) {
            q.bind("afterChord", after.chord()).bind("afterId", after.id());
        }
        if (viewer != null) {
            q.bind("viewer", viewer);
        }
        return new ArrayList<>(q.map((rs, ctx) -> new Row(rs.getObject("post_id", UUID.class), rs.getDouble("chord")))
                .list());
    }

    private static UUID insertAt(double lat, double lon) {
        UUID id = UUID.randomUUID();
        handle.createUpdate("INSERT INTO posts (post_id, author_id, created_at, blob_key, media_type, sha256, width,"
                        + " height, latitude, longitude) VALUES (:id, :author, now(), 'x', 'image/jpeg', :sha, 1, 1,"
                        + " :lat, :lon)")
                .bind("id", id).bind("author", UUID.fromString(AUTHOR + "0")).bind("sha", id.toString()).bind("lat", lat)
                .bind("lon", lon).execute();
        return id;
    }

    private static double plane(UUID id, double lat, double lon) {
        return handle.createQuery("SELECT mercator <-> point(radians(:lon), asinh(tan(radians(:lat)))) FROM posts"
                        + " WHERE post_id = :id")
                .bind("id", id).bind("lat", lat).bind("lon", lon).mapTo(Double.class).one();
    }
}
