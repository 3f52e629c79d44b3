package dev.tanken.map;

import dev.tanken.InvalidInputException;
import dev.tanken.discover.Hotspot;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import java.util.List;
import java.util.Objects;

/**
 * What a map shows: the area (a circle around a centre), post positions as small dots and hotspots
 * as discs sized by score with their place names.
 *
 * @param center the map's centre
 * @param radiusMeters the search radius; the map fits this circle
 * @param posts positions of posts, as the viewer may see them
 * @param hotspots ranked hotspots, best first (labelled 1, 2, ...)
 * @param title a heading drawn in the top-left corner; may be empty
 */
public record MapScene(GeoPoint center, double radiusMeters, List<GeoPoint> posts, List<Hotspot> hotspots,
        String title) {
    /** At most this many post dots: beyond that a map is a smudge, and hotspots say more. */
    public static final int MAX_POST_DOTS = 5_000;

    public MapScene {
        Objects.requireNonNull(center, "center");
        SphericalGeometry.requireRadius(radiusMeters);
        if (radiusMeters < 10) {
            throw new InvalidInputException("a map needs a radius of at least 10 m, got " + radiusMeters);
        }
        posts = List.copyOf(posts);
        hotspots = List.copyOf(hotspots);
        title = title == null ? "" : title;
    }
}
