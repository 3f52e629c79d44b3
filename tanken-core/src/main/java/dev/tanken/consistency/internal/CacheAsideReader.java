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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Cache-aside reads of posts without the stale-set race and without miss storms, where a miss costs
 * the caller the cache lookup and one database read, nothing more.
 *
 * <ul>
 *   <li>The lookup takes the fill lease of every post the cache cannot answer, in the same round
 *       trip, and reads the post's version after taking it (before the database read). The fill
 *       goes with that version; a write invalidates after committing, which changes the version, so
 *       a fill from a database read older than the write is refused.
 *   <li>The fill itself is sent by {@link BackgroundFills} after the caller has its answer; the
 *       lease stays taken until it lands, so other readers wait for it instead of reading the
 *       database again.
 *   <li>Within this process, concurrent misses on a post share one database read (single flight).
 *   <li>Across processes, the fill lease goes to one reader; the others wait for its fill (up to the
 *       lease time) instead of querying the database too.
 *   <li>All misses of one call are read from the database in one query and filled in one round trip.
 * </ul>
 */
public final class CacheAsideReader implements AutoCloseable {
    private static final long POLL_NANOS = 1_000_000;

    private final CacheGuard guard;
    private final PostCacheService cache;
    private final DatabaseService db;
    private final Metrics metrics;
    private final Duration leaseTtl;
    private final BackgroundFills fills;
    private final LeaseTokens tokens = new LeaseTokens();
    private final Map<PostId, CompletableFuture<Optional<Post>>> inFlight = new ConcurrentHashMap<>();

    public CacheAsideReader(CacheGuard guard, DatabaseService db, Metrics metrics, Duration ttl, Duration leaseTtl) {
        this.guard = guard;
        this.cache = guard.cache();
        this.db = db;
        this.metrics = metrics;
        this.leaseTtl = leaseTtl;
        this.fills = new BackgroundFills(guard, ttl);
    }

    /** Fills dropped because the background queue was full (each costs a later reader a database read). */
    public long droppedFills() {
        return fills.dropped();
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
        return read(requested, false);
    }

    /**
     * {@link #read(List)}; with {@code fillNow} the misses are filled before this returns (warming an
     * area wants the cache full when it is done), else in the background.
     */
    public Map<PostId, Post> read(List<PostId> requested, boolean fillNow) {
        List<PostId> ids = List.copyOf(new LinkedHashSet<>(requested));
        Map<PostId, Post> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        String token = tokens.next();
        Optional<List<PostCacheService.Lookup>> looked = guard.attempt("read",
                () -> cache.getPostsOrLease(ids, token, leaseTtl));
        if (looked.isEmpty()) {
            metrics.misses.add(ids.size());
            db.findPosts(ids).forEach(p -> found.put(p.id(), p));
            return found;
        }
        return resolve(looked.get(), token, fillNow);
    }

    /**
     * The posts that exist among what the cache said of them (one entry per distinct id, as
     * {@link PostCacheService#getPosts} returns): hits as they are, misses read from the database in
     * one query and filled (their leases are taken first, one more round trip).
     */
    public Map<PostId, Post> resolve(List<CachedPost> cached) {
        return resolve(cached.stream().map(c -> new PostCacheService.Lookup(c, null)).toList(), null, false);
    }

    /** {@code token} is the one the lookups took their leases with; null when they took none. */
    private Map<PostId, Post> resolve(List<PostCacheService.Lookup> lookups, String token, boolean fillNow) {
        Map<PostId, Post> found = new LinkedHashMap<>();
        Map<PostId, PostCacheService.Lookup> misses = new LinkedHashMap<>();
        for (PostCacheService.Lookup l : lookups) {
            CachedPost c = l.cached();
            switch (c.state()) {
                case HIT -> found.put(c.id(), c.post());
                case DELETED -> { }
                default -> misses.put(c.id(), l);
            }
        }
        metrics.hits.add(lookups.size() - misses.size());
        if (misses.isEmpty()) {
            return found;
        }
        Map<PostId, Optional<Post>> loaded = load(misses, token, fillNow);
        Map<PostId, Post> ordered = new LinkedHashMap<>();
        for (PostCacheService.Lookup l : lookups) {
            PostId id = l.cached().id();
            Post p = found.get(id);
            if (p == null) {
                Optional<Post> o = loaded.get(id);
                p = o == null ? null : o.orElse(null);
            }
            if (p != null) {
                ordered.put(id, p);
            }
        }
        return ordered;
    }

    private Map<PostId, Optional<Post>> load(Map<PostId, PostCacheService.Lookup> misses, String token,
            boolean fillNow) {
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
        if (token != null) {
            // Leases this call took for posts another thread of this process is already reading.
            List<PostId> unneeded = others.keySet().stream().filter(id -> misses.get(id).leased()).toList();
            fills.submit(List.of(), unneeded, token);
        }
        Map<PostId, Optional<Post>> out = new HashMap<>();
        if (!mine.isEmpty()) {
            try {
                Map<PostId, Optional<Post>> loaded = lead(mine.keySet(), new HashMap<>(misses), token, fillNow);
                mine.forEach((id, f) -> f.complete(loaded.getOrDefault(id, Optional.empty())));
                out.putAll(loaded);
            } catch (RuntimeException e) {
                mine.values().forEach(f -> f.completeExceptionally(e));
                throw e;
            } finally {
                mine.forEach(inFlight::remove);
            }
        }
        metrics.misses.add(others.size());
        others.forEach((id, f) -> {
            try {
                out.put(id, f.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        });
        return out;
    }

    /**
     * This thread reads the database for these ids (those another process is not already filling).
     * {@code seen} is what the cache said of each; {@code token} the lease token of the lookup, null
     * when it took no leases (then they are taken here).
     */
    private Map<PostId, Optional<Post>> lead(Set<PostId> ids, Map<PostId, PostCacheService.Lookup> seen,
            String lookupToken, boolean fillNow) {
        String token;
        Map<PostId, String> versions = new HashMap<>();
        if (lookupToken == null) {
            token = tokens.next();
            versions.putAll(guard.attempt("lease", () -> cache.acquireLeases(ids, token, leaseTtl)).orElse(Map.of()));
        } else {
            token = lookupToken;
            for (PostId id : ids) {
                if (seen.get(id).leased()) {
                    versions.put(id, seen.get(id).leaseVersion());
                }
            }
        }
        Map<PostId, Optional<Post>> out = new HashMap<>();
        List<PostId> waiting = new ArrayList<>();
        for (PostId id : ids) {
            if (!versions.containsKey(id)) {
                waiting.add(id);
            }
        }
        List<PostId> unleased = List.of();
        if (!waiting.isEmpty()) {
            // Another reader holds the lease (or the cache is down): wait for its fill, or for the
            // lease to be free again.
            unleased = awaitFills(waiting, token, out, versions, seen);
        }
        List<PostId> toRead = new ArrayList<>(versions.keySet());
        toRead.addAll(unleased);
        if (toRead.isEmpty()) {
            return out;
        }
        metrics.misses.add(toRead.size());
        Map<PostId, Post> fromDb = new HashMap<>();
        try {
            db.findPosts(toRead).forEach(p -> fromDb.put(p.id(), p));
        } catch (RuntimeException e) {
            fills.submit(List.of(), List.copyOf(versions.keySet()), token);
            throw e;
        }
        List<PostCacheService.Fill> toFill = new ArrayList<>();
        List<PostId> release = new ArrayList<>();
        for (PostId id : toRead) {
            CachedPost c = seen.get(id).cached();
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
            String version = versions.get(id);
            if (version != null && db != null) {
                toFill.add(new PostCacheService.Fill(db, version, token));
            } else if (version != null) {
                release.add(id);
            }
        }
        if (fillNow) {
            fills.applyNow(toFill, release, token);
        } else {
            fills.submit(toFill, release, token);
        }
        return out;
    }

    /**
     * Polls the cache for fills by other readers, taking the lease of a post whose lease is free
     * again (its version goes to {@code versions}, what the cache said to {@code seen}); returns the
     * ids neither filled nor leased after the lease time.
     */
    private List<PostId> awaitFills(List<PostId> waiting, String token, Map<PostId, Optional<Post>> out,
            Map<PostId, String> versions, Map<PostId, PostCacheService.Lookup> seen) {
        long deadline = System.nanoTime() + leaseTtl.toNanos();
        List<PostId> pending = new ArrayList<>(waiting);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
            List<PostId> ask = List.copyOf(pending);
            Optional<List<PostCacheService.Lookup>> now = guard.attempt("await fill",
                    () -> cache.getPostsOrLease(ask, token, leaseTtl));
            if (now.isEmpty()) {
                break;
            }
            for (PostCacheService.Lookup l : now.get()) {
                CachedPost c = l.cached();
                if (c.state() == CachedPost.State.HIT) {
                    metrics.hits.increment();
                    out.put(c.id(), Optional.of(c.post()));
                    pending.remove(c.id());
                } else if (c.state() == CachedPost.State.DELETED) {
                    metrics.hits.increment();
                    out.put(c.id(), Optional.empty());
                    pending.remove(c.id());
                } else if (l.leased()) {
                    versions.put(c.id(), l.leaseVersion());
                    seen.put(c.id(), l);
                    pending.remove(c.id());
                }
            }
        }
        return pending;
    }

    /** Sends the fills still queued (bounded wait). */
    @Override
    public void close() {
        fills.close();
    }
}
