package dev.tanken.geocode;

import dev.tanken.db.DatabaseService;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Place names of posts: the one the author chose ({@link DatabaseService#setPlaceName}) wins over
 * the gazetteer's ({@link ReverseGeocoder#lookup} of the post's location as the caller sees it).
 * Pass posts as the viewer sees them ({@link Post#seenBy}): an approximate post is then named after
 * its cell's centre, and a post whose location the viewer may not see has no place at all, not even
 * the one its author chose, which could give the location away.
 */
public final class PostPlaces {
    private final DatabaseService db;
    private final Supplier<ReverseGeocoder> geocoder;

    public PostPlaces(DatabaseService db, Supplier<ReverseGeocoder> geocoder) {
        this.db = Objects.requireNonNull(db, "database");
        this.geocoder = Objects.requireNonNull(geocoder, "geocoder");
    }

    public PostPlace of(Post post) {
        return of(List.of(post)).get(post.id());
    }

    /** Place names of many posts with one database round trip per thousand posts; keyed in input order. */
    public Map<PostId, PostPlace> of(List<Post> posts) {
        Map<PostId, PostPlace> places = new LinkedHashMap<>();
        if (posts.isEmpty()) {
            return places;
        }
        Map<PostId, String> chosen = new LinkedHashMap<>();
        for (int from = 0; from < posts.size(); from += DatabaseService.MAX_LIMIT) {
            chosen.putAll(db.placeNames(posts.subList(from, Math.min(posts.size(), from + DatabaseService.MAX_LIMIT))
                    .stream().map(Post::id).toList()));
        }
        ReverseGeocoder gazetteer = geocoder.get();
        for (Post p : posts) {
            if (p.location() == null) {
                places.put(p.id(), new PostPlace(p.id(), null, false, null));
                continue;
            }
            PlaceMatch match = gazetteer.lookup(p.location()).orElse(null);
            String name = chosen.get(p.id());
            places.put(p.id(), name != null
                    ? new PostPlace(p.id(), name, true, match)
                    : new PostPlace(p.id(), match == null ? null : match.label(), false, match));
        }
        return places;
    }
}
