package dev.tanken;

import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Page;
import java.util.Objects;
import java.util.UUID;

/**
 * What to find nearby: posts within {@code radiusMeters} of {@code center}, nearest first, a page
 * of {@code limit} at a time, as {@code viewerId} may see them.
 *
 * <pre>{@code
 * tanken.nearby(NearbyQuery.around(GeoPoint.of(35.6812, 139.7671), 5_000).withLimit(50).seenBy(me.id()));
 * }</pre>
 *
 * @param center centre of the search
 * @param radiusMeters search radius, 0 to half the Earth's circumference
 * @param limit page size, 0 to {@link Page#MAX_LIMIT}; default {@link #DEFAULT_LIMIT}
 * @param cursor the previous page's {@link Page#nextCursor()}, or null for the first page
 * @param viewerId whose view of other users' locations applies (null: anonymous)
 */
public record NearbyQuery(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId) {
    public static final int DEFAULT_LIMIT = 20;

    public NearbyQuery {
        Objects.requireNonNull(center, "center");
        SphericalGeometry.requireRadius(radiusMeters);
        Page.requireLimit(limit);
    }

    /** The first page of {@link #DEFAULT_LIMIT} posts around a point, as an anonymous viewer sees them. */
    public static NearbyQuery around(GeoPoint center, double radiusMeters) {
        return new NearbyQuery(center, radiusMeters, DEFAULT_LIMIT, null, null);
    }

    public NearbyQuery withLimit(int newLimit) {
        return new NearbyQuery(center, radiusMeters, newLimit, cursor, viewerId);
    }

    /** The page after the one that returned {@code nextCursor} (null: the first page). */
    public NearbyQuery after(String nextCursor) {
        return new NearbyQuery(center, radiusMeters, limit, nextCursor, viewerId);
    }

    /** As {@code viewer} sees the posts (null: anonymous). */
    public NearbyQuery seenBy(UUID viewer) {
        return new NearbyQuery(center, radiusMeters, limit, cursor, viewer);
    }
}
