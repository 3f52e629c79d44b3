package dev.tanken.sqlite.internal;

import dev.tanken.db.NearbyPost;
import dev.tanken.db.internal.Cursors;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The nearby search. Candidates come from the R*Tree box around the centre's unit vector; the chord
 * (3-D distance) is then computed in SQL on the exact REAL columns, which orders by great-circle
 * distance.
 *
 * <p>The R*Tree and {@code x, y, z} hold the position everyone but the author is shown (exact, or
 * the centre of an approximate post's grid cell; hidden posts have no R*Tree row), so other users'
 * posts are found, ranked and measured by what may be shown of them. A signed-in viewer's own posts
 * are searched separately, through the author index, by their exact vector {@code ex, ey, ez}, and
 * the two sorted streams are merged.
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
 *
 * <p>The R*Tree has no nearest-first order, so every candidate in the box is measured and sorted: in
 * a dense city a 1 km box holds thousands of posts for a page of 20. Other users' posts are therefore
 * searched in rings that grow from the centre: the same statement with a smaller chord bound, which is
 * exact as soon as it fills the page (its rows are the first of the whole order, every post outside the
 * ring comes after them), and otherwise is run again with a bound grown from the density it saw, up to
 * the requested radius. Where even the first ring is empty the next run is the whole radius, so a
 * sparse area costs one small extra query and no more.
 */
public final class NearbySql {
    /** Covers rounding in metersToChord/chordToMeters (a few ulps); 1e-12 of a unit chord is ~6 µm. */
    private static final double CHORD_SLACK = 1e-12;
    private static final String CURSOR = "AND (chord > ?6 OR (chord = ?6 AND pid > ?7))";
    /** The first ring is this fraction of the radius: a dense 1 km search needs about 1/64 of the area. */
    private static final double FIRST_RING = 1.0 / 8;
    /** Growth beyond the uniform-density estimate, so a ring rarely has to be run a third time. */
    private static final double RING_MARGIN = 1.5;
    /** A ring this close to the radius is not worth a separate query: the next one is the whole radius. */
    private static final double LAST_RING = 0.6;

    private NearbySql() {
    }

    /**
     * The anonymous statement, exposed for the test that checks the plan uses the R*Tree. Parameters:
     * ?1-?3 centre vector, ?4 chord bound, ?5 LIMIT, and with a cursor ?6 chord and ?7 post id.
     */
    public static String sql(boolean withCursor) {
        return sql(withCursor, false);
    }

    /** With {@code othersOnly}, posts of the author ?8 are left out (they are searched by {@link #ownSql}). */
    public static String sql(boolean withCursor, boolean othersOnly) {
        return """
                WITH hits AS (
                    SELECT p.id AS rid, p.post_id AS pid,
                           sqrt((p.x - ?1) * (p.x - ?1) + (p.y - ?2) * (p.y - ?2) + (p.z - ?3) * (p.z - ?3)) AS chord
                    FROM posts_geo g JOIN posts p ON p.id = g.id
                    WHERE g.minX <= ?1 + ?4 AND g.maxX >= ?1 - ?4
                      AND g.minY <= ?2 + ?4 AND g.maxY >= ?2 - ?4
                      AND g.minZ <= ?3 + ?4 AND g.maxZ >= ?3 - ?4 %s
                ), page AS (
                    SELECT rid, pid, chord FROM hits
                    WHERE chord <= ?4 %s
                    ORDER BY chord, pid
                    LIMIT ?5
                )
                SELECT %s, page.chord AS chord
                FROM page JOIN posts p ON p.id = page.rid JOIN users u ON u.id = p.author_id
                ORDER BY page.chord, page.pid""".formatted(othersOnly ? "AND p.author_id <> ?8" : "",
                withCursor ? CURSOR : "", PostSql.COLUMNS);
    }

    /**
     * The viewer ?8's own posts by their exact position, through the (author, ez) index: only the slab
     * of ez within the chord bound of the centre's z (no coordinate differs by more than the chord;
     * {@link #CHORD_SLACK} more absorbs the rounding of the squares), so a prolific author does not
     * pay for every post they wrote. Parameters as above.
     */
    public static String ownSql(boolean withCursor) {
        return """
                WITH hits AS (
                    SELECT p.id AS rid, p.post_id AS pid,
                           sqrt((p.ex - ?1) * (p.ex - ?1) + (p.ey - ?2) * (p.ey - ?2) + (p.ez - ?3) * (p.ez - ?3))
                               AS chord
                    FROM posts p WHERE p.author_id = ?8 AND p.ez BETWEEN ?3 - ?4 - %s AND ?3 + ?4 + %s
                ), page AS (
                    SELECT rid, pid, chord FROM hits
                    WHERE chord <= ?4 %s
                    ORDER BY chord, pid
                    LIMIT ?5
                )
                SELECT %s, page.chord AS chord
                FROM page JOIN posts p ON p.id = page.rid JOIN users u ON u.id = p.author_id
                ORDER BY page.chord, page.pid""".formatted(CHORD_SLACK, CHORD_SLACK, withCursor ? CURSOR : "",
                PostSql.COLUMNS);
    }

    /**
     * Up to {@code fetch} hits {@code viewer} (null: anonymous) sees, in (chord, post id) order; see
     * {@link dev.tanken.db.DatabaseService#nearby}. Arguments are validated by the caller.
     */
    public static List<Hit> rows(Connection c, GeoPoint center, double radiusMeters, int fetch,
            Cursors.NearbyPosition after, UUID viewer) throws SQLException {
        List<Hit> hits = hits(c, sql(after != null, viewer != null), center, radiusMeters, fetch, after, viewer, true);
        if (viewer != null) {
            hits.addAll(hits(c, ownSql(after != null), center, radiusMeters, fetch, after, viewer, false));
            hits.sort(Comparator.comparingDouble(Hit::chord).thenComparing(h -> h.post().post().id()));
            if (hits.size() > fetch) {
                return new ArrayList<>(hits.subList(0, fetch));
            }
        }
        return hits;
    }

    /** A hit with its chord, the sort and cursor key. */
    public record Hit(NearbyPost post, double chord) {
    }

    /**
     * Up to {@code fetch} rows within the radius, in (chord, post id) order; with {@code rings}, the
     * statement (whose ?4 bounds the R*Tree box) is run on growing rings until one fills the page.
     */
    private static List<Hit> hits(Connection c, String sql, GeoPoint center, double radiusMeters, int fetch,
            Cursors.NearbyPosition after, UUID viewer, boolean rings) throws SQLException {
        double[] v = SphericalGeometry.unitVector(center);
        double bound = SphericalGeometry.metersToChord(radiusMeters) + CHORD_SLACK;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, v[0]);
            ps.setDouble(2, v[1]);
            ps.setDouble(3, v[2]);
            ps.setInt(5, fetch);
            if (after != null) {
                ps.setDouble(6, after.chord());
                ps.setString(7, after.id().toString());
            } else if (viewer != null) {
                // Unused by the statement, but numbered parameters below ?8 must be bound.
                ps.setNull(6, Types.REAL);
                ps.setNull(7, Types.VARCHAR);
            }
            if (viewer != null) {
                ps.setString(8, viewer.toString());
            }
            double passed = after == null ? 0 : SphericalGeometry.chordToMeters(after.chord());
            double ring = rings ? Math.max(radiusMeters * FIRST_RING, passed * RING_MARGIN) : radiusMeters;
            while (true) {
                boolean whole = ring >= radiusMeters * LAST_RING;
                ps.setDouble(4, whole ? bound : SphericalGeometry.metersToChord(ring));
                List<Hit> hits = new ArrayList<>(Math.min(fetch, 64));
                boolean beyond = read(ps, radiusMeters, viewer, hits);
                if (whole || beyond || hits.size() >= fetch) {
                    return hits;
                }
                ring = hits.isEmpty()
                        ? radiusMeters // an empty ring: the area is sparse, search it whole at once
                        : ring * Math.max(2, RING_MARGIN * Math.sqrt((double) fetch / hits.size()));
            }
        }
    }

    /** Reads the rows into {@code hits}; true if a row beyond the radius ended the reading. */
    private static boolean read(PreparedStatement ps, double radiusMeters, UUID viewer, List<Hit> hits)
            throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double chord = rs.getDouble("chord");
                double meters = SphericalGeometry.chordToMeters(chord);
                if (meters > radiusMeters) {
                    return true; // everything after is at least as far
                }
                Post post = PostSql.read(rs).seenBy(viewer);
                hits.add(new Hit(new NearbyPost(post, meters), chord));
            }
        }
        return false;
    }
}
