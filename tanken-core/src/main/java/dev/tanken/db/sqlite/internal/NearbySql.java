package dev.tanken.db.sqlite.internal;

import dev.tanken.db.NearbyPost;
import dev.tanken.db.Page;
import dev.tanken.db.internal.Cursors;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The nearby search. Candidates come from the R*Tree box around the centre's unit vector; the chord
 * (3-D distance) is then computed in SQL on the exact REAL columns, which orders by great-circle
 * distance.
 *
 * <p>The sort and cursor key is the chord exactly as SQLite computes it, {@code sqrt(dx*dx + dy*dy +
 * dz*dz)}: the next page is "chord greater, or equal with a greater post id", compared against the
 * chord value SQLite returned for the last row, so no float is ever recomputed differently and no row
 * is skipped or repeated. This is also the arithmetic of {@link SphericalGeometry#chord} (same
 * operations in the same order, IEEE sqrt), so the reported distance equals
 * {@link SphericalGeometry#distanceMeters} to the last bit.
 *
 * <p>Inclusion is decided in Java on that reported distance ({@code distanceMeters <= radius}), so a
 * post is in the result exactly when the distance we report is within the radius. SQL pre-filters
 * with a chord a hair larger than {@link SphericalGeometry#metersToChord} of the radius (to absorb
 * rounding in the chord/metre conversions); rows it lets through in excess are the farthest ones, at
 * the end of the order, so dropping them in Java keeps the page a correct prefix.
 */
public final class NearbySql {
    /** Covers rounding in metersToChord/chordToMeters (a few ulps); 1e-12 of a unit chord is ~6 µm. */
    private static final double CHORD_SLACK = 1e-12;

    private NearbySql() {
    }

    /**
     * The statement, exposed for the test that checks the plan uses the R*Tree. Parameters: ?1-?3
     * centre vector, ?4 chord bound, ?5 LIMIT, and with a cursor ?6 chord and ?7 post id.
     */
    public static String sql(boolean withCursor) {
        return """
                WITH hits AS (
                    SELECT p.id AS rid, p.post_id AS pid,
                           sqrt((p.x - ?1) * (p.x - ?1) + (p.y - ?2) * (p.y - ?2) + (p.z - ?3) * (p.z - ?3)) AS chord
                    FROM posts_geo g JOIN posts p ON p.id = g.id
                    WHERE g.minX <= ?1 + ?4 AND g.maxX >= ?1 - ?4
                      AND g.minY <= ?2 + ?4 AND g.maxY >= ?2 - ?4
                      AND g.minZ <= ?3 + ?4 AND g.maxZ >= ?3 - ?4
                ), page AS (
                    SELECT rid, pid, chord FROM hits
                    WHERE chord <= ?4 %s
                    ORDER BY chord, pid
                    LIMIT ?5
                )
                SELECT %s, page.chord AS chord
                FROM page JOIN posts p ON p.id = page.rid JOIN users u ON u.id = p.author_id
                ORDER BY page.chord, page.pid""".formatted(
                withCursor ? "AND (chord > ?6 OR (chord = ?6 AND pid > ?7))" : "", PostSql.COLUMNS);
    }

    /** Arguments are validated by the caller; {@code limit} is at least 1. */
    public static Page<NearbyPost> page(Connection c, GeoPoint center, double radiusMeters, int limit,
            Cursors.NearbyPosition after) throws SQLException {
        double[] v = SphericalGeometry.unitVector(center);
        double bound = SphericalGeometry.metersToChord(radiusMeters) + CHORD_SLACK;
        try (PreparedStatement ps = c.prepareStatement(sql(after != null))) {
            ps.setDouble(1, v[0]);
            ps.setDouble(2, v[1]);
            ps.setDouble(3, v[2]);
            ps.setDouble(4, bound);
            ps.setInt(5, limit + 1); // one extra row tells whether there is a next page
            if (after != null) {
                ps.setDouble(6, after.chord());
                ps.setString(7, after.id().toString());
            }
            List<NearbyPost> items = new ArrayList<>(Math.min(limit, 64));
            double lastChord = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double chord = rs.getDouble("chord");
                    double meters = SphericalGeometry.chordToMeters(chord);
                    if (meters > radiusMeters) {
                        return new Page<>(items, null); // everything after is at least as far
                    }
                    if (items.size() == limit) {
                        NearbyPost last = items.get(limit - 1);
                        return new Page<>(items, Cursors.nearby(lastChord, last.post().id().value()));
                    }
                    items.add(new NearbyPost(PostSql.read(rs), meters));
                    lastChord = chord;
                }
            }
            return new Page<>(items, null);
        }
    }
}
