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
public final class BoundedPostCache extends ForwardingPostCacheService {
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
        super(delegate);
        if (admission == null) {
            throw new InvalidInputException("admission policy must not be null");
        }
        if (capacity < 1) {
            throw new InvalidInputException("cache capacity must be at least 1 post, got " + capacity);
        }
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
        accessed(posts);
        return posts;
    }

    @Override
    public List<Lookup> getPostsOrLease(List<PostId> ids, String token, Duration ttl) {
        List<Lookup> lookups = delegate.getPostsOrLease(ids, token, ttl);
        accessed(lookups.stream().map(Lookup::cached).toList());
        return lookups;
    }

    /** Searches read their posts through {@link #getPosts}, so they count as accesses too. */
    @Override
    public Optional<NearbyHits> nearbyWithPosts(GeoPoint center, double radiusMeters, int limit, int postsToRead,
            Double afterChord, PostId afterId) {
        return nearby(center, radiusMeters, limit, afterChord, afterId)
                .map(c -> new NearbyHits(c, getPosts(c.subList(0, Math.min(Math.max(postsToRead, 0), c.size()))
                        .stream().map(NearbyCandidate::id).toList())));
    }

    private void accessed(List<CachedPost> posts) {
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
}
