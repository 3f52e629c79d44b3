package dev.tanken.consistency.internal;

import dev.tanken.cache.NearbyCandidate;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.db.internal.Cursors;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anonymous nearby searches from the cache's geo index where it is complete, else from the
 * database; posts are returned as an anonymous viewer sees them ({@link Post#seenBy}). Pages
 * and cursors are those of the database (same order, same cursor format), so a client may page
 * through results that come partly from one and partly from the other.
 */
public final class CachedNearby {
    private final CacheGuard guard;
    private final PostCacheService cache;
    private final DatabaseService db;
    private final CacheAsideReader reader;
    private final Metrics metrics;

    public CachedNearby(CacheGuard guard, DatabaseService db, CacheAsideReader reader, Metrics metrics) {
        this.guard = guard;
        this.cache = guard.cache();
        this.db = db;
        this.reader = reader;
        this.metrics = metrics;
    }

    public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) {
        dev.tanken.db.internal.DatabaseFront.require(center, "centre");
        SphericalGeometry.requireRadius(radiusMeters);
        Page.requireLimit(limit);
        Cursors.NearbyPosition after = cursor == null ? null : Cursors.parseNearby(cursor);
        if (limit == 0) {
            return Page.empty();
        }
        // One more than asked: it tells whether a next page exists.
        Optional<PostCacheService.NearbyHits> found = guard.attempt("nearby", () -> cache.nearbyWithPosts(center,
                radiusMeters, limit + 1, limit, after == null ? null : after.chord(),
                after == null ? null : new PostId(after.id()))).flatMap(o -> o);
        if (found.isEmpty()) {
            metrics.nearbyFromDatabase.increment();
            return db.nearby(center, radiusMeters, limit, cursor);
        }
        List<NearbyCandidate> candidates = found.get().candidates();
        int size = Math.min(limit, candidates.size());
        List<NearbyCandidate> page = candidates.subList(0, size);
        Map<PostId, Post> posts = reader.resolve(found.get().posts());
        if (posts.size() < page.size()) {
            // A post deleted between the index search and the read: the page would come up short.
            metrics.nearbyFromDatabase.increment();
            return db.nearby(center, radiusMeters, limit, cursor);
        }
        metrics.nearbyFromCache.increment();
        List<NearbyPost> items = new ArrayList<>(page.size());
        for (NearbyCandidate c : page) {
            items.add(new NearbyPost(posts.get(c.id()).seenBy(null), c.distanceMeters()));
        }
        String next = null;
        if (candidates.size() > limit) {
            NearbyCandidate last = page.get(page.size() - 1);
            next = Cursors.nearby(last.chord(), last.id().value());
        }
        return new Page<>(items, next);
    }
}
