package dev.tanken.discover;

import dev.tanken.geocode.PlaceMatch;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.util.List;
import java.util.Objects;

/**
 * A place where people post: a cluster of posts found by {@link HotspotFinder}.
 *
 * @param center the mean position of its posts
 * @param radiusMeters its extent: the distance from the centre to its farthest post
 * @param distanceMeters from the search centre to {@code center}
 * @param posts how many posts it holds
 * @param posters how many distinct users posted them
 * @param topTags up to five tags, the ones most posters used first
 * @param coverPostId its post of highest weight (see {@link HotspotScore}), newest on ties
 * @param score see {@link HotspotScore}
 * @param placeName what to call it: the place name most of its posters chose for their posts, or else
 *     the gazetteer's label for its centre; null when neither exists (mid-ocean)
 * @param place the gazetteer's place for its centre, with the distance to it; null when none
 */
public record Hotspot(GeoPoint center, double radiusMeters, double distanceMeters, int posts, int posters,
        List<String> topTags, PostId coverPostId, double score, String placeName, PlaceMatch place) {
    public Hotspot {
        Objects.requireNonNull(center, "center");
        topTags = List.copyOf(topTags);
        Objects.requireNonNull(coverPostId, "cover post id");
    }
}
