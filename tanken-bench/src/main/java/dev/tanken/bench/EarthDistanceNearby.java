package dev.tanken.bench;

import dev.tanken.StorageException;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Nearby the way Immich does it, for comparison only: PostgreSQL's {@code earthdistance} over
 * {@code cube}, an expression GiST index on {@code ll_to_earth(latitude, longitude)}, an
 * {@code earth_box} containment filter and {@code earth_distance} order (a sphere of 6,378,168 m,
 * not the project's 6,371,008.8 m; bench data has exact locations only, so the raw columns suffice).
 * The 20 ids found are then read as full posts with {@link DatabaseService#findPosts}, like the
 * other kinds. Creates the extension and index in the bench schema if absent.
 */
final class EarthDistanceNearby implements AutoCloseable {
    private static final String QUERY = """
            SELECT post_id FROM posts
            WHERE earth_box(ll_to_earth(?, ?), ?) @> ll_to_earth(latitude, longitude)
              AND earth_distance(ll_to_earth(?, ?), ll_to_earth(latitude, longitude)) <= ?
            ORDER BY earth_distance(ll_to_earth(?, ?), ll_to_earth(latitude, longitude))
            LIMIT ?""";

    private final Connection connection;
    private final PreparedStatement statement;

    private EarthDistanceNearby(Connection connection) throws SQLException {
        this.connection = connection;
        this.statement = connection.prepareStatement(QUERY);
    }

    static EarthDistanceNearby open(int posts) {
        String schema = "tanken_bench_" + posts;
        try {
            Connection c = DriverManager.getConnection(System.getProperty("tanken.bench.pg.jdbc",
                    "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=" + schema + ",public"));
            try (Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS earthdistance WITH SCHEMA public");
                s.execute("CREATE INDEX IF NOT EXISTS posts_earth_idx ON posts USING gist (ll_to_earth(latitude, longitude))");
            }
            return new EarthDistanceNearby(c);
        } catch (SQLException e) {
            throw new StorageException("cannot prepare the earthdistance bench: " + e.getMessage(), e);
        }
    }

    Page<NearbyPost> nearby(DatabaseService db, GeoPoint c, double radiusMeters, int limit) {
        List<PostId> ids = new ArrayList<>(limit);
        try {
            int i = 1;
            for (int k = 0; k < 3; k++) {
                statement.setDouble(i++, c.latitude());
                statement.setDouble(i++, c.longitude());
                if (k < 2) {
                    statement.setDouble(i++, radiusMeters);
                }
            }
            statement.setInt(i, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(new PostId(rs.getObject(1, UUID.class)));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("earthdistance nearby failed: " + e.getMessage(), e);
        }
        List<NearbyPost> out = new ArrayList<>(ids.size());
        for (Post p : db.findPosts(ids)) {
            out.add(new NearbyPost(p, SphericalGeometry.distanceMeters(c, p.location())));
        }
        out.sort(Comparator.comparingDouble(NearbyPost::distanceMeters));
        return new Page<>(out, null);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close the earthdistance connection", e);
        }
    }
}
