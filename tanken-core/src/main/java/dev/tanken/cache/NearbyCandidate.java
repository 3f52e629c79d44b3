package dev.tanken.cache;

import dev.tanken.model.PostId;

/**
 * A post found by the cache's geo index, with its exact distance from the search centre computed
 * from the post's stored coordinates (as {@link dev.tanken.geo.SphericalGeometry} does).
 *
 * @param chord distance on the unit sphere, the sort key shared with the database backends
 */
public record NearbyCandidate(PostId id, double chord, double distanceMeters) {
}
