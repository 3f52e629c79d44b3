package dev.tanken.discover;

import java.util.List;

/**
 * The answer to an {@link ExploreQuery}: hotspots best first, and how much was looked at.
 *
 * @param hotspots at most the query's limit, highest score first
 * @param postsScanned posts read from the spatial index (including those older than {@code since})
 * @param truncated true when more posts lay within the radius than the query's {@code maxPosts}:
 *     then only the nearest ones, up to {@code scannedRadiusMeters}, were clustered
 * @param scannedRadiusMeters the radius actually covered (the query's unless truncated)
 * @param cellMeters the grid cell size used
 */
public record Exploration(List<Hotspot> hotspots, int postsScanned, boolean truncated, double scannedRadiusMeters,
        double cellMeters) {
    public Exploration {
        hotspots = List.copyOf(hotspots);
    }
}
