package dev.tanken.discover;

import dev.tanken.InvalidInputException;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What to explore: the area, how many hotspots to return, and the knobs of the ranking.
 *
 * @param center centre of the search
 * @param radiusMeters search radius, at most {@link #MAX_RADIUS_METERS}
 * @param limit how many hotspots to return, 1 to {@link #MAX_LIMIT}
 * @param since posts created before this instant are ignored; null for no cut-off
 * @param halfLife recency half-life of a post's weight (see {@link HotspotScore}); default
 *     {@link #DEFAULT_HALF_LIFE}
 * @param cellMeters side of the grid cells posts are binned into, or 0 for the default
 *     {@code clamp(radius / 40, 50 m, 10 km)}
 * @param maxPosts at most this many posts, the nearest, are read; default {@link #DEFAULT_MAX_POSTS}
 * @param viewerId whose view of the posts is clustered (null: anonymous). Location privacy applies as
 *     in {@link dev.tanken.db.DatabaseService#nearby(GeoPoint, double, int, String, java.util.UUID)}:
 *     other users' hidden posts are left out and their approximate posts count at their cell's centre,
 *     so a hotspot never reveals more than the posts it is made of.
 */
public record ExploreQuery(GeoPoint center, double radiusMeters, int limit, Instant since, Duration halfLife,
        double cellMeters, int maxPosts, UUID viewerId) {
    public static final double MAX_RADIUS_METERS = 1_000_000;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 10;
    public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(30);
    public static final int DEFAULT_MAX_POSTS = 10_000;
    public static final int MAX_POSTS = 100_000;

    public ExploreQuery {
        Objects.requireNonNull(center, "center");
        SphericalGeometry.requireRadius(radiusMeters);
        if (radiusMeters > MAX_RADIUS_METERS) {
            throw new InvalidInputException("explore radius must be at most " + (long) (MAX_RADIUS_METERS / 1000)
                    + " km, got " + radiusMeters + " m");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("hotspot limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        halfLife = halfLife == null ? DEFAULT_HALF_LIFE : halfLife;
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new InvalidInputException("recency half-life must be positive, got " + halfLife);
        }
        if (!Double.isFinite(cellMeters) || cellMeters < 0 || (cellMeters > 0 && cellMeters < 1)) {
            throw new InvalidInputException("cell size must be at least 1 metre (or 0 for the default), got " + cellMeters);
        }
        if (maxPosts < 1 || maxPosts > MAX_POSTS) {
            throw new InvalidInputException("maxPosts must be between 1 and " + MAX_POSTS + ", got " + maxPosts);
        }
    }

    /** The defaults around a point: 10 hotspots, no cut-off, 30-day half-life, default cells, anonymous. */
    public static ExploreQuery around(GeoPoint center, double radiusMeters) {
        return new ExploreQuery(center, radiusMeters, DEFAULT_LIMIT, null, null, 0, DEFAULT_MAX_POSTS, null);
    }

    /** The same query as {@code viewer} sees the posts (null: anonymous). */
    public ExploreQuery withViewer(UUID viewer) {
        return new ExploreQuery(center, radiusMeters, limit, since, halfLife, cellMeters, maxPosts, viewer);
    }

    public ExploreQuery withLimit(int newLimit) {
        return new ExploreQuery(center, radiusMeters, newLimit, since, halfLife, cellMeters, maxPosts, viewerId);
    }

    public ExploreQuery withSince(Instant newSince) {
        return new ExploreQuery(center, radiusMeters, limit, newSince, halfLife, cellMeters, maxPosts, viewerId);
    }

    public ExploreQuery withHalfLife(Duration newHalfLife) {
        return new ExploreQuery(center, radiusMeters, limit, since, newHalfLife, cellMeters, maxPosts, viewerId);
    }

    public ExploreQuery withCellMeters(double newCellMeters) {
        return new ExploreQuery(center, radiusMeters, limit, since, halfLife, newCellMeters, maxPosts, viewerId);
    }

    public ExploreQuery withMaxPosts(int newMaxPosts) {
        return new ExploreQuery(center, radiusMeters, limit, since, halfLife, cellMeters, newMaxPosts, viewerId);
    }

    /** The cell size in use: {@link #cellMeters()} or, when 0, {@code clamp(radius / 40, 50 m, 10 km)}. */
    public double effectiveCellMeters() {
        return cellMeters > 0 ? cellMeters : Math.max(50, Math.min(10_000, radiusMeters / 40));
    }
}
