package dev.tanken.consistency.internal;

import dev.tanken.cache.CachedPost;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Cache-aside reads of posts without the stale-set race and without miss storms.
 *
 * <ul>
 *   <li>The version seen when the fill lease is taken (before the database read) goes with the
 *       fill; a write invalidates after committing, which changes the version, so a fill from a
 *       database read older than the write is refused.
 *   <li>Within this process, concurrent misses on a post share one database read (single flight).
 *   <li>Across processes, the fill lease goes to one reader; the others wait for its fill (up to the
 *       lease time) instead of querying the database too.
 *   <li>All misses of one call are read from the database in one query and filled in one round trip.
 * </ul>
 */
public final class CacheAsideReader {
    private static final long POLL_NANOS = 1_000_000;

    private final CacheGuard guard;
    private final PostCacheService cache;
    private final DatabaseService db;
    private final Metrics metrics;
    private final Duration ttl;
    private final Duration leaseTtl;
    private final Map<PostId, CompletableFuture<Optional<Post>>> inFlight = new ConcurrentHashMap<>();

    public CacheAsideReader(CacheGuard guard, DatabaseService db, Metrics metrics, Duration ttl, Duration leaseTtl) {
        this.guard = guard;
        this.cache = guard.cache();
        this.db = db;
        this.metrics = metrics;
        this.ttl = ttl;
        this.leaseTtl = leaseTtl;
    }

    public Optional<Post> read(PostId id) {
        return Optional.ofNullable(read(List.of(id)).get(id));
    }

    /**
     * Whether the post exists, for writes that need to know no more (a write-back like or comment):
     * cached details prove it without the counters, which every applied like invalidates, so a post
     * liked often is not read from the database for each like.
     */
    public boolean exists(PostId id) {
        Optional<List<CachedPost>> cached = guard.attempt("read", () -> cache.getPosts(List.of(id)));
        if (cached.isEmpty()) {
            metrics.misses.increment();
            return db.findPost(id).isPresent();
        }
        CachedPost c = cached.get().get(0);
        return switch (c.state()) {
            case HIT, DETAILS_ONLY -> {
                metrics.hits.increment();
                yield true;
            }
            case DELETED -> false;
            default -> resolve(cached.get()).containsKey(id);
        };
    }

    /** The posts that exist among {@code ids}, keyed by id (iteration order of {@code ids}). */
    public Map<PostId, Post> read(List<PostId> requested) {
        List<PostId> ids = List.copyOf(new LinkedHashSet<>(requested));
        Map<PostId, Post> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Optional<List<CachedPost>> cached = guard.attempt("read", () -> cache.getPosts(ids));
        if (cached.isEmpty()) {
            metrics.misses.add(ids.size());
            db.findPosts(ids).forEach(p -> found.put(p.id(), p));
            return found;
        }
        return resolve(cached.get());
    }

    /**
     * The posts that exist among what the cache said of them (one entry per distinct id, as
     * {@link PostCacheService#getPosts} returns): hits as they are, misses read from the database in
     * one query and filled.
     */
    public Map<PostId, Post> resolve(List<CachedPost> cached) {
        Map<PostId, Post> found = new LinkedHashMap<>();
        Map<PostId, CachedPost> misses = new LinkedHashMap<>();
        for (CachedPost c : cached) {
            switch (c.state()) {
                case HIT -> found.put(c.id(), c.post());
                case DELETED -> { }
                default -> misses.put(c.id(), c);
            }
        }
        metrics.hits.add(cached.size() - misses.size());
        metrics.misses.add(misses.size());
        if (misses.isEmpty()) {
            return found;
        }
        Map<PostId, Optional<Post>> loaded = load(misses);
        Map<PostId, Post> ordered = new LinkedHashMap<>();
        for (CachedPost c : cached) {
            Post p = found.get(c.id());
            if (p == null) {
                Optional<Post> l = loaded.get(c.id());
                p = l == null ? null : l.orElse(null);
            }
            if (p != null) {
                ordered.put(c.id(), p);
            }
        }
        return ordered;
    }

    private Map<PostId, Optional<Post>> load(Map<PostId, CachedPost> misses) {
        Map<PostId, CompletableFuture<Optional<Post>>> mine = new LinkedHashMap<>();
        Map<PostId, CompletableFuture<Optional<Post>>> others = new HashMap<>();
        for (PostId id : misses.keySet()) {
            CompletableFuture<Optional<Post>> f = new CompletableFuture<>();
            CompletableFuture<Optional<Post>> existing = inFlight.putIfAbsent(id, f);
            if (existing == null) {
                mine.put(id, f);
            } else {
                others.put(id, existing);
            }
        }
        Map<PostId, Optional<Post>> out = new HashMap<>();
        if (!mine.isEmpty()) {
            try {
                Map<PostId, Optional<Post>> loaded = lead(mine.keySet(), misses);
                mine.forEach((id, f) -> f.complete(loaded.getOrDefault(id, Optional.empty())));
                out.putAll(loaded);
            } catch (RuntimeException e) {
                mine.values().forEach(f -> f.completeExceptionally(e));
                throw e;
            } finally {
                mine.forEach(inFlight::remove);
            }
        }
        others.forEach((id, f) -> {
            try {
                out.put(id, f.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        });
        return out;
    }

    /** This thread reads the database for these ids (those another process is not already filling). */
    private Map<PostId, Optional<Post>> lead(Set<PostId> ids, Map<PostId, CachedPost> seen) {
        String token = UUID.randomUUID().toString();
        Map<PostId, String> versions = guard.attempt("lease", () -> cache.acquireLeases(ids, token, leaseTtl))
                .orElse(Map.of());
        Set<PostId> leased = versions.keySet();
        Map<PostId, Optional<Post>> out = new HashMap<>();
        List<PostId> toRead = new ArrayList<>(leased);
        List<PostId> waiting = new ArrayList<>();
        for (PostId id : ids) {
            if (!leased.contains(id)) {
                waiting.add(id);
            }
        }
        if (!waiting.isEmpty()) {
            // Another process holds the lease (or the cache is down): wait for its fill, briefly.
            toRead.addAll(awaitFills(waiting, out));
        }
        if (toRead.isEmpty()) {
            return out;
        }
        Map<PostId, Post> fromDb = new HashMap<>();
        try {
            db.findPosts(toRead).forEach(p -> fromDb.put(p.id(), p));
        } catch (RuntimeException e) {
            guard.run("release lease", () -> cache.releaseLeases(leased, token));
            throw e;
        }
        List<PostCacheService.Fill> fills = new ArrayList<>();
        List<PostId> release = new ArrayList<>();
        for (PostId id : toRead) {
            CachedPost c = seen.get(id);
            Post db = fromDb.get(id);
            Post result;
            if (c.state() == CachedPost.State.DETAILS_ONLY) {
                // Cached details win for this answer: they may be a write-back change the database
                // has not seen yet.
                result = db == null ? c.post() : c.post().withCounts(db.likes(), db.bookmarks(), db.comments());
            } else {
                result = db;
            }
            out.put(id, Optional.ofNullable(result));
            // Only the database row may be filled. The cached details were read before the lease's
            // version was taken, so a write may have replaced and invalidated them since; filling them
            // under the newer version would cache the old details for good. Details still cached (a
            // pending write-back change) survive the fill anyway: it never overwrites details.
            if (leased.contains(id) && db != null) {
                fills.add(new PostCacheService.Fill(db, versions.get(id), token));
            } else if (leased.contains(id)) {
                release.add(id);
            }
        }
        if (!fills.isEmpty() || !release.isEmpty()) {
            guard.run("fill", () -> {
                cache.fill(fills, ttl);
                cache.releaseLeases(release, token);
            });
        }
        return out;
    }

    /** Polls the cache for fills by other processes; returns the ids still missing after the lease time. */
    private List<PostId> awaitFills(List<PostId> waiting, Map<PostId, Optional<Post>> out) {
        long deadline = System.nanoTime() + leaseTtl.toNanos();
        List<PostId> pending = new ArrayList<>(waiting);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<PostId> ask = List.copyOf(pending);
            Optional<List<CachedPost>> now = guard.attempt("await fill", () -> cache.getPosts(ask));
            if (now.isEmpty()) {
                break;
            }
            for (CachedPost c : now.get()) {
                if (c.state() == CachedPost.State.HIT) {
                    out.put(c.id(), Optional.of(c.post()));
                    pending.remove(c.id());
                } else if (c.state() == CachedPost.State.DELETED) {
                    out.put(c.id(), Optional.empty());
                    pending.remove(c.id());
                }
            }
            if (!pending.isEmpty()) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        return pending;
    }
}
