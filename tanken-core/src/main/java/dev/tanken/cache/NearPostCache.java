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
public final class NearPostCache extends ForwardingPostCacheService {
    /**
     * What the near cache did so far.
     *
     * @param invalidations posts and cells dropped because Redis reported a change (or this process
     *     made one)
     * @param evictions posts and nearby answers the size bound evicted
     * @param disconnections the times the invalidation feed went offline while online (each starts an
     *     off period: the near cache is emptied and bypassed until the feed is back)
     */
    public record Stats(boolean online, long size, long hits, long misses, long invalidations, long evictions,
            long disconnections, long nearbyHits, long nearbyMisses) {
    }

    /** A nearby search, as asked of the delegate. */
    private record NearbyQuery(GeoPoint center, double radiusMeters, int limit, Double afterChord, PostId afterId) {
    }

    /** A nearby answer and the cells it was read from (a change to any of them drops it). */
    private record NearbyAnswer(List<NearbyCandidate> candidates, Set<String> cells) {
    }

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
        super(delegate);
        if (feed == null) {
            throw new InvalidInputException("near cache needs an invalidation feed");
        }
        if (maximumPosts < 1) {
            throw new InvalidInputException("near cache size must be at least 1 post, got " + maximumPosts);
        }
        this.near = Caffeine.newBuilder().maximumSize(maximumPosts).recordStats().build();
        this.nearby = Caffeine.newBuilder().maximumSize(Math.max(100, maximumPosts / 10)).recordStats().build();
        this.subscription = feed.subscribe(new Listener());
    }

    /** Whether the invalidation feed is connected, so copies are kept and served. */
    public boolean online() {
        return online;
    }

    public Stats stats() {
        return new Stats(online, near.estimatedSize(), hits.sum(), misses.sum(), invalidations.sum(),
                near.stats().evictionCount() + nearby.stats().evictionCount(), disconnections.sum(),
                nearbyHits.sum(), nearbyMisses.sum());
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
        if (!current()) {
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
        for (int j = 0; j < fetched.size(); j++) {
            out[missingAt.get(j)] = fetched.get(j);
        }
        keep(fetched, seen);
        return Arrays.asList(out);
    }

    @Override
    public List<Lookup> getPostsOrLease(List<PostId> ids, String token, Duration ttl) {
        if (!current()) {
            misses.add(ids.size());
            return delegate.getPostsOrLease(ids, token, ttl);
        }
        Lookup[] out = new Lookup[ids.size()];
        List<PostId> missing = new ArrayList<>();
        List<Integer> missingAt = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            CachedPost c = near.getIfPresent(ids.get(i));
            if (c == null) {
                missing.add(ids.get(i));
                missingAt.add(i);
            } else {
                out[i] = new Lookup(c, null);
            }
        }
        hits.add(out.length - missing.size());
        if (missing.isEmpty()) {
            return Arrays.asList(out);
        }
        misses.add(missing.size());
        long seen = epoch.get();
        List<Lookup> fetched = delegate.getPostsOrLease(missing, token, ttl);
        for (int j = 0; j < fetched.size(); j++) {
            out[missingAt.get(j)] = fetched.get(j);
        }
        keep(fetched.stream().map(Lookup::cached).toList(), seen);
        return Arrays.asList(out);
    }

    /**
     * Whether the copies may be served now: the feed is online and has delivered every invalidation
     * that reached this process (not only those its own thread got to).
     */
    private boolean current() {
        return online && subscription.catchUp() && online;
    }

    /** Keeps the complete hits the delegate answered, unless an invalidation was handled meanwhile. */
    private void keep(List<CachedPost> fetched, long seen) {
        List<CachedPost> stored = new ArrayList<>();
        for (CachedPost c : fetched) {
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
    }

    /** The search and its posts through this cache (the delegate's combined call would bypass both). */
    @Override
    public Optional<NearbyHits> nearbyWithPosts(GeoPoint center, double radiusMeters, int limit, int postsToRead,
            Double afterChord, PostId afterId) {
        return nearby(center, radiusMeters, limit, afterChord, afterId)
                .map(c -> new NearbyHits(c, getPosts(c.subList(0, Math.min(Math.max(postsToRead, 0), c.size()))
                        .stream().map(NearbyCandidate::id).toList())));
    }

    // ---- changes: the delegate first, then this process's copy (other processes hear it from the feed)

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

    // ---- geo index

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
        if (!current()) {
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
    public void close() {
        try {
            subscription.close();
        } finally {
            online = false;
            near.invalidateAll();
            delegate.close();
        }
    }

}
