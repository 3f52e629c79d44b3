package dev.tanken.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tanken.InvalidInputException;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link PostCacheService} that keeps at most {@code capacity} posts cached, deciding itself which
 * ones (Redis's {@code maxmemory} eviction is server-wide and approximate; this bound is exact and
 * works on a shared server, per namespace). It assumes it is the only writer of its namespace's post
 * entries, as one process running a benchmark or an experiment is: the bookkeeping is in memory.
 *
 * <ul>
 *   <li>{@link Admission#LRU}: every read post is cached; the least recently used one is evicted.</li>
 *   <li>{@link Admission#TINY_LFU}: Caffeine's W-TinyLFU decides: a small LRU window admits every
 *       post, and a post leaving it enters the main space only if it was requested more often
 *       lately (a count-min sketch) than the post it would evict there; the window's share adapts
 *       to the workload. On skewed (Zipf) workloads this keeps one-off reads of the long tail from
 *       pushing out popular posts.</li>
 * </ul>
 *
 * Evicting a post invalidates it in the delegate (which also refuses fills in flight for it).
 * Geo-index and write-back operations pass through unbounded.
 */
public final class BoundedPostCache implements PostCacheService {
    public enum Admission {
        LRU, TINY_LFU;

        public static Admission parse(String text) {
            return switch (text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "lru" -> LRU;
                case "tinylfu", "tiny-lfu", "tiny_lfu" -> TINY_LFU;
                default -> throw new InvalidInputException("unknown admission policy '" + text + "': use lru or tinylfu");
            };
        }

        public String label() {
            return this == LRU ? "lru" : "tinylfu";
        }
    }

    private final PostCacheService delegate;
    private final int capacity;
    private final Admission admission;
    /** LRU: cached posts in access order, least recently used first. */
    private final LinkedHashMap<PostId, Boolean> resident = new LinkedHashMap<>(16, 0.75f, true);
    /** TINY_LFU: the cached posts; maintenance runs on the caller's thread, under this object's lock. */
    private final Cache<PostId, Boolean> lfu;
    /** What Caffeine evicted and the delegate has not been told yet (guarded by this). */
    private final List<PostId> lfuEvicted = new ArrayList<>();
    private long evictions;
    private long rejections;

    public BoundedPostCache(PostCacheService delegate, int capacity, Admission admission) {
        if (delegate == null || admission == null) {
            throw new InvalidInputException("cache and admission policy must not be null");
        }
        if (capacity < 1) {
            throw new InvalidInputException("cache capacity must be at least 1 post, got " + capacity);
        }
        this.delegate = delegate;
        this.capacity = capacity;
        this.admission = admission;
        this.lfu = admission == Admission.TINY_LFU
                ? Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run)
                        .<PostId, Boolean>evictionListener((id, v, cause) -> {
                            if (cause.wasEvicted()) {
                                lfuEvicted.add(id);
                            }
                        }).build()
                : null;
    }

    public int capacity() {
        return capacity;
    }

    public Admission admission() {
        return admission;
    }

    /** Posts the bound evicted so far. */
    public synchronized long evictions() {
        return evictions;
    }

    /** Database reads the admission policy did not cache so far. */
    public synchronized long rejections() {
        return rejections;
    }

    public synchronized int size() {
        if (lfu != null) {
            lfu.cleanUp();
            return (int) lfu.estimatedSize();
        }
        return resident.size();
    }

    @Override
    public List<CachedPost> getPosts(List<PostId> ids) {
        List<CachedPost> posts = delegate.getPosts(ids);
        List<PostId> victims = List.of();
        synchronized (this) {
            for (CachedPost p : posts) {
                if (p.state() != CachedPost.State.MISS) {
                    if (lfu != null) {
                        lfu.getIfPresent(p.id()); // an access: counted by the sketch
                    } else {
                        resident.get(p.id()); // touch: most recently used
                    }
                }
            }
            if (lfu != null) {
                victims = takeEvicted(null);
            }
        }
        victims.forEach(delegate::invalidate);
        return posts;
    }

    /** What Caffeine evicted since the last call, counted; {@code admitted} is the post just added, if any. */
    private List<PostId> takeEvicted(PostId justAdded) {
        lfu.cleanUp();
        List<PostId> out = new ArrayList<>(lfuEvicted);
        lfuEvicted.clear();
        for (PostId id : out) {
            if (id.equals(justAdded)) {
                rejections++;
            } else {
                evictions++;
            }
        }
        return out;
    }

    @Override
    public int fill(Collection<Fill> fills, Duration ttl) {
        List<Fill> admitted = new ArrayList<>(fills.size());
        Map<String, List<PostId>> rejected = new HashMap<>();
        List<PostId> victims = new ArrayList<>();
        synchronized (this) {
            for (Fill fill : fills) {
                if (lfu != null) {
                    PostId id = fill.post().id();
                    lfu.put(id, Boolean.TRUE);
                    List<PostId> out = takeEvicted(id);
                    if (out.remove(id)) {
                        if (fill.leaseToken() != null) {
                            rejected.computeIfAbsent(fill.leaseToken(), t -> new ArrayList<>()).add(id);
                        }
                    } else {
                        admitted.add(fill);
                    }
                    victims.addAll(out);
                    continue;
                }
                PostId id = fill.post().id();
                if (resident.containsKey(id) || resident.size() < capacity) {
                    resident.put(id, Boolean.TRUE);
                    admitted.add(fill);
                    continue;
                }
                Iterator<PostId> eldest = resident.keySet().iterator();
                PostId victim = eldest.next();
                eldest.remove();
                evictions++;
                victims.add(victim);
                resident.put(id, Boolean.TRUE);
                admitted.add(fill);
            }
        }
        victims.forEach(delegate::invalidate);
        rejected.forEach((token, ids) -> delegate.releaseLeases(ids, token));
        return admitted.isEmpty() ? 0 : delegate.fill(admitted, ttl);
    }

    @Override
    public void settle(PostId id, Optional<Post> applied, Duration ttl) {
        delegate.settle(id, applied, ttl);
        List<PostId> victims = new ArrayList<>();
        synchronized (this) {
            if (lfu != null) {
                if (applied.isPresent()) {
                    lfu.put(id, Boolean.TRUE);
                } else {
                    lfu.invalidate(id);
                }
                victims.addAll(takeEvicted(null));
            } else if (applied.isPresent()) {
                resident.put(id, Boolean.TRUE);
                while (resident.size() > capacity) {
                    Iterator<PostId> eldest = resident.keySet().iterator();
                    victims.add(eldest.next());
                    eldest.remove();
                    evictions++;
                }
            } else {
                resident.remove(id);
            }
        }
        victims.forEach(delegate::invalidate);
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
    public String invalidate(PostId id) {
        return delegate.invalidate(id);
    }

    @Override
    public String invalidateCounters(PostId id) {
        return delegate.invalidateCounters(id);
    }

    @Override
    public void invalidateCountersOf(Collection<PostId> ids) {
        delegate.invalidateCountersOf(ids);
    }

    @Override
    public void putPending(Post post) {
        delegate.putPending(post);
    }

    @Override
    public boolean replacePending(Post expected, Post replacement) {
        return delegate.replacePending(expected, replacement);
    }

    @Override
    public String putPendingAndAppend(Post post, GeoPoint indexedAt, Map<String, String> entry) {
        return delegate.putPendingAndAppend(post, indexedAt, entry);
    }

    @Override
    public void settleCreated(List<Post> posts, List<GeoPoint> indexedAt, Duration ttl) {
        delegate.settleCreated(posts, indexedAt, ttl);
    }

    @Override
    public PostId claimPicture(java.util.UUID authorId, String sha256, PostId postId, PostId replacing, Duration ttl) {
        return delegate.claimPicture(authorId, sha256, postId, replacing, ttl);
    }

    @Override
    public void releasePicture(java.util.UUID authorId, String sha256, PostId postId) {
        delegate.releasePicture(authorId, sha256, postId);
    }

    @Override
    public void putPendingDelete(PostId id) {
        delegate.putPendingDelete(id);
    }

    @Override
    public Optional<Post> pendingDetails(PostId id) {
        return delegate.pendingDetails(id);
    }

    @Override
    public Optional<List<GeoCell>> cellsCovering(GeoPoint center, double radiusMeters) {
        return delegate.cellsCovering(center, radiusMeters);
    }

    @Override
    public void geoAdd(PostId id, GeoPoint location) {
        delegate.geoAdd(id, location);
    }

    @Override
    public void geoRemove(PostId id, GeoPoint location) {
        delegate.geoRemove(id, location);
    }

    @Override
    public void invalidateCell(GeoPoint location) {
        delegate.invalidateCell(location);
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
        return delegate.commitWarm(cell, token);
    }

    @Override
    public Optional<List<NearbyCandidate>> nearby(GeoPoint center, double radiusMeters, int limit, Double afterChord,
            PostId afterId) {
        return delegate.nearby(center, radiusMeters, limit, afterChord, afterId);
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
    public long deleteNamespace() {
        synchronized (this) {
            resident.clear();
            if (lfu != null) {
                lfu.invalidateAll();
                lfu.cleanUp();
                lfuEvicted.clear();
            }
        }
        return delegate.deleteNamespace();
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
        delegate.close();
    }
}
