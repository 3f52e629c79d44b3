package dev.tanken.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tanken.InvalidInputException;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link PostCacheService} that keeps the posts it read from its delegate (the shared Redis) in
 * this process's memory too, so that a hot post is answered without a network round trip. Bounded
 * by Caffeine (W-TinyLFU admission and eviction) to {@code maximumPosts}.
 *
 * <p>Coherence: every change to a post's cached entries, by any process, arrives through the
 * {@link InvalidationFeed} and drops the copy here; this process's own changes drop it before the
 * call returns. While the feed is offline the copies are dropped and none is kept or served, so
 * the near cache never answers with what it could not hear invalidated. A read that raced with an
 * invalidation (the delegate answered before the change, the copy was stored after the invalidation
 * was handled) is caught by an epoch that every invalidation advances: a copy stored under an epoch
 * that moved meanwhile is removed again.
 *
 * <p>Only complete hits (details and counters) are kept; misses, pending deletes and details without
 * counters always go to the delegate, as do write-back operations. Nearby answers (the candidates
 * of a search whose cells are complete) are kept too, each dropped when one of its cells changes.
 */
public final class NearPostCache implements PostCacheService {
    /** What the near cache did so far. */
    public record Stats(boolean online, long size, long hits, long misses, long invalidations,
            long disconnections, long nearbyHits, long nearbyMisses) {
    }

    /** A nearby search, as asked of the delegate. */
    private record NearbyQuery(GeoPoint center, double radiusMeters, int limit, Double afterChord, PostId afterId) {
    }

    /** A nearby answer and the cells it was read from (a change to any of them drops it). */
    private record NearbyAnswer(List<NearbyCandidate> candidates, Set<String> cells) {
    }

    private final PostCacheService delegate;
    private final Cache<PostId, CachedPost> near;
    private final Cache<NearbyQuery, NearbyAnswer> nearby;
    private final LongAdder nearbyHits = new LongAdder();
    private final LongAdder nearbyMisses = new LongAdder();
    private final InvalidationFeed.Subscription subscription;
    /** Advanced by every invalidation, before the copies are dropped. */
    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean online;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder disconnections = new LongAdder();

    public NearPostCache(PostCacheService delegate, long maximumPosts, InvalidationFeed feed) {
        if (delegate == null || feed == null) {
            throw new InvalidInputException("near cache needs a cache and an invalidation feed");
        }
        if (maximumPosts < 1) {
            throw new InvalidInputException("near cache size must be at least 1 post, got " + maximumPosts);
        }
        this.delegate = delegate;
        this.near = Caffeine.newBuilder().maximumSize(maximumPosts).build();
        this.nearby = Caffeine.newBuilder().maximumSize(Math.max(100, maximumPosts / 10)).build();
        this.subscription = feed.subscribe(new Listener());
    }

    /** Whether the invalidation feed is connected, so copies are kept and served. */
    public boolean online() {
        return online;
    }

    public Stats stats() {
        return new Stats(online, near.estimatedSize(), hits.sum(), misses.sum(), invalidations.sum(),
                disconnections.sum(), nearbyHits.sum(), nearbyMisses.sum());
    }

    /** The cache this one keeps copies of. */
    public PostCacheService delegate() {
        return delegate;
    }

    private final class Listener implements InvalidationFeed.Listener {
        @Override
        public void online() {
            epoch.incrementAndGet();
            near.invalidateAll();
            nearby.invalidateAll();
            online = true;
        }

        @Override
        public void offline(String reason) {
            boolean was = online;
            online = false;
            epoch.incrementAndGet();
            near.invalidateAll();
            nearby.invalidateAll();
            if (was) {
                disconnections.increment();
            }
        }

        @Override
        public void invalidated(Collection<PostId> posts) {
            invalidations.add(posts.size());
            forget(posts);
        }

        @Override
        public void invalidatedCells(Collection<String> cellIds) {
            invalidations.add(cellIds.size());
            epoch.incrementAndGet();
            Set<String> changed = Set.copyOf(cellIds);
            nearby.asMap().entrySet().removeIf(e -> e.getValue().cells().stream().anyMatch(changed::contains));
        }

        @Override
        public void invalidatedAll() {
            invalidations.increment();
            epoch.incrementAndGet();
            near.invalidateAll();
            nearby.invalidateAll();
        }
    }

    /** After a change of the geo index made here: every answer goes (such changes are few beside reads). */
    private void forgetNearby() {
        epoch.incrementAndGet();
        nearby.invalidateAll();
    }

    private void forget(Collection<PostId> ids) {
        epoch.incrementAndGet();
        near.invalidateAll(ids);
    }

    private void forget(PostId id) {
        epoch.incrementAndGet();
        near.invalidate(id);
    }

    @Override
    public List<CachedPost> getPosts(List<PostId> ids) {
        if (!online) {
            misses.add(ids.size());
            return delegate.getPosts(ids);
        }
        CachedPost[] out = new CachedPost[ids.size()];
        List<PostId> missing = new ArrayList<>();
        List<Integer> missingAt = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            CachedPost c = near.getIfPresent(ids.get(i));
            if (c == null) {
                missing.add(ids.get(i));
                missingAt.add(i);
            } else {
                out[i] = c;
            }
        }
        hits.add(out.length - missing.size());
        if (missing.isEmpty()) {
            return Arrays.asList(out);
        }
        misses.add(missing.size());
        long seen = epoch.get();
        List<CachedPost> fetched = delegate.getPosts(missing);
        List<CachedPost> stored = new ArrayList<>();
        for (int j = 0; j < fetched.size(); j++) {
            CachedPost c = fetched.get(j);
            out[missingAt.get(j)] = c;
            if (c.state() == CachedPost.State.HIT) {
                near.put(c.id(), c);
                stored.add(c);
            }
        }
        if (!stored.isEmpty() && (epoch.get() != seen || !online)) {
            // An invalidation was handled while the delegate answered: the answer may predate it.
            for (CachedPost c : stored) {
                near.asMap().remove(c.id(), c);
            }
        }
        return Arrays.asList(out);
    }

    // ---- changes: the delegate first, then this process's copy (other processes hear it from the feed)

    @Override
    public int fill(Collection<Fill> fills, Duration ttl) {
        return delegate.fill(fills, ttl);
    }

    @Override
    public String invalidate(PostId id) {
        try {
            return delegate.invalidate(id);
        } finally {
            forget(id);
        }
    }

    @Override
    public String invalidateCounters(PostId id) {
        try {
            return delegate.invalidateCounters(id);
        } finally {
            forget(id);
        }
    }

    @Override
    public void invalidateCountersOf(Collection<PostId> ids) {
        try {
            delegate.invalidateCountersOf(ids);
        } finally {
            forget(ids);
        }
    }

    @Override
    public void putPending(Post post) {
        try {
            delegate.putPending(post);
        } finally {
            forget(post.id());
        }
    }

    @Override
    public boolean replacePending(Post expected, Post replacement) {
        try {
            return delegate.replacePending(expected, replacement);
        } finally {
            forget(replacement.id());
        }
    }

    @Override
    public String putPendingAndAppend(Post post, GeoPoint indexedAt, Map<String, String> entry) {
        try {
            return delegate.putPendingAndAppend(post, indexedAt, entry);
        } finally {
            forget(post.id());
            forgetNearby();
        }
    }

    @Override
    public void settleCreated(List<Post> posts, List<GeoPoint> indexedAt, Duration ttl) {
        try {
            delegate.settleCreated(posts, indexedAt, ttl);
        } finally {
            forget(posts.stream().map(Post::id).toList());
            forgetNearby();
        }
    }

    @Override
    public void putPendingDelete(PostId id) {
        try {
            delegate.putPendingDelete(id);
        } finally {
            forget(id);
        }
    }

    @Override
    public void settle(PostId id, Optional<Post> applied, Duration ttl) {
        try {
            delegate.settle(id, applied, ttl);
        } finally {
            forget(id);
        }
    }

    @Override
    public long deleteNamespace() {
        try {
            return delegate.deleteNamespace();
        } finally {
            epoch.incrementAndGet();
            near.invalidateAll();
            nearby.invalidateAll();
        }
    }

    @Override
    public long drainActivity(dev.tanken.activity.ActivityLog log) {
        return delegate.drainActivity(log);
    }

    // ---- pass-through

    @Override
    public Map<PostId, String> acquireLeases(Collection<PostId> ids, String token, Duration ttl) {
        return delegate.acquireLeases(ids, token, ttl);
    }

    @Override
    public void releaseLeases(Collection<PostId> ids, String token) {
        delegate.releaseLeases(ids, token);
    }

    @Override
    public Optional<Post> pendingDetails(PostId id) {
        return delegate.pendingDetails(id);
    }

    @Override
    public PostId claimPicture(UUID authorId, String sha256, PostId postId, PostId replacing, Duration ttl) {
        return delegate.claimPicture(authorId, sha256, postId, replacing, ttl);
    }

    @Override
    public void releasePicture(UUID authorId, String sha256, PostId postId) {
        delegate.releasePicture(authorId, sha256, postId);
    }

    @Override
    public Optional<List<GeoCell>> cellsCovering(GeoPoint center, double radiusMeters) {
        return delegate.cellsCovering(center, radiusMeters);
    }

    @Override
    public void geoAdd(PostId id, GeoPoint location) {
        try {
            delegate.geoAdd(id, location);
        } finally {
            forgetNearby();
        }
    }

    @Override
    public void geoRemove(PostId id, GeoPoint location) {
        try {
            delegate.geoRemove(id, location);
        } finally {
            forgetNearby();
        }
    }

    @Override
    public void invalidateCell(GeoPoint location) {
        try {
            delegate.invalidateCell(location);
        } finally {
            forgetNearby();
        }
    }

    @Override
    public String beginWarm(GeoCell cell) {
        return delegate.beginWarm(cell);
    }

    @Override
    public void warmAdd(GeoCell cell, Map<PostId, GeoPoint> posts) {
        delegate.warmAdd(cell, posts);
    }

    @Override
    public boolean commitWarm(GeoCell cell, String token) {
        try {
            return delegate.commitWarm(cell, token);
        } finally {
            forgetNearby();
        }
    }

    @Override
    public Optional<List<NearbyCandidate>> nearby(GeoPoint center, double radiusMeters, int limit, Double afterChord,
            PostId afterId) {
        if (!online) {
            return delegate.nearby(center, radiusMeters, limit, afterChord, afterId);
        }
        NearbyQuery query = new NearbyQuery(center, radiusMeters, limit, afterChord, afterId);
        NearbyAnswer known = nearby.getIfPresent(query);
        if (known != null) {
            nearbyHits.increment();
            return Optional.of(known.candidates());
        }
        nearbyMisses.increment();
        long seen = epoch.get();
        Optional<List<GeoCell>> cells = delegate.cellsCovering(center, radiusMeters);
        Optional<List<NearbyCandidate>> found = delegate.nearby(center, radiusMeters, limit, afterChord, afterId);
        if (found.isPresent() && cells.isPresent()) {
            NearbyAnswer answer = new NearbyAnswer(List.copyOf(found.get()),
                    Set.copyOf(cells.get().stream().map(GeoCell::id).toList()));
            nearby.put(query, answer);
            if (epoch.get() != seen || !online) {
                // An invalidation was handled while the delegate answered: the answer may predate it.
                nearby.asMap().remove(query, answer);
            }
        }
        return found;
    }

    @Override
    public WriteBackQueue writeBackQueue() {
        return delegate.writeBackQueue();
    }

    @Override
    public String namespace() {
        return delegate.namespace();
    }

    @Override
    public void ping() {
        delegate.ping();
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public Map<String, String> hashGetAll(String key) {
        return delegate.hashGetAll(key);
    }

    @Override
    public void hashPut(String key, Map<String, String> fields, Duration ttl) {
        delegate.hashPut(key, fields, ttl);
    }

    @Override
    public boolean setAdd(String key, String member) {
        return delegate.setAdd(key, member);
    }

    @Override
    public boolean setRemove(String key, String member) {
        return delegate.setRemove(key, member);
    }

    @Override
    public boolean setContains(String key, String member) {
        return delegate.setContains(key, member);
    }

    @Override
    public Set<String> setMembers(String key) {
        return delegate.setMembers(key);
    }

    @Override
    public long delete(String... keys) {
        return delegate.delete(keys);
    }

    @Override
    public void addSharedCounters(Map<String, Long> deltas) {
        delegate.addSharedCounters(deltas);
    }

    @Override
    public Map<String, Long> sharedCounters() {
        return delegate.sharedCounters();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } finally {
            online = false;
            near.invalidateAll();
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
