package dev.tanken.consistency;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityLog;
import dev.tanken.cache.CacheStats;
import dev.tanken.cache.ForwardingPostCacheService;
import dev.tanken.cache.NearPostCache;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackQueue;
import dev.tanken.consistency.internal.AreaWarmer;
import dev.tanken.consistency.internal.CacheAsideReader;
import dev.tanken.consistency.internal.CacheGuard;
import dev.tanken.consistency.internal.CachedNearby;
import dev.tanken.consistency.internal.CountingDatabaseService;
import dev.tanken.consistency.internal.EntryApplier;
import dev.tanken.consistency.internal.Metrics;
import dev.tanken.consistency.internal.PolicyWriter;
import dev.tanken.consistency.internal.WriteBackFlusher;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import dev.tanken.db.internal.DatabaseFront;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DatabaseService} with a cache in front: the database stays the system of record, the
 * cache serves post reads and nearby searches and, under {@link WritePolicy#WRITE_BACK}, absorbs
 * writes that a flusher applies to the database in batches.
 *
 * <p>{@link #apply(Write)} and {@link #applyAll(List)} (and the conveniences built on them) write
 * with the default policy; {@link #apply(Write, WritePolicy)} and {@link #applyAll(List, WritePolicy)}
 * override it per call. Arguments are checked, and use after {@link #close()} fails, exactly as the
 * database services do it ({@link dev.tanken.ClosedException}). Reads are cache-aside. When the cache is unreachable,
 * reads and write-through/write-around writes are served by the database (counted in
 * {@link CacheStats#cacheErrors()} and logged); write-back writes fail with a
 * {@link dev.tanken.StorageException} unless {@link CacheTierOptions#writeBackFallback()} asks to
 * write through instead.
 *
 * <p>Under write-back, a write returns {@link Applied#queued() queued} (never changed: whether it
 * changes anything is known only when the database applies it) once it is recorded; counters show
 * it after the flush ({@link CacheStats#flushLag()}), and exact: the database decides whether a
 * like is new, and records the write's activity entry only then, and only if it changed something.
 * A create whose author already has a post (stored or queued) with the same picture is refused at
 * once ({@link dev.tanken.DuplicatePostException}). What the database refuses at flush time lands in
 * the {@linkplain #deadLetters dead-letter list}. Users, comment lists and per-user post lists are read
 * from the database directly, so they show write-back writes after the flush too.
 *
 * <p>Location privacy: the geo index holds each post where everyone but its author sees it (an
 * approximate post at its cell's centre; hidden posts not at all), so anonymous nearby searches are
 * answered exactly as the database answers them; a signed-in viewer's search goes to the database.
 * Activity entries passed with a write are recorded with it in the database, under every policy.
 *
 * <p>Thread-safe; several processes may share one cache namespace (one flusher works at a time).
 */
public final class CachingDatabaseService implements DatabaseService {
    private static final Logger LOG = LoggerFactory.getLogger(CachingDatabaseService.class);

    private final DatabaseService raw;
    private final DatabaseService db;
    private final PostCacheService cache;
    private final CacheTierOptions options;
    private final boolean closeDelegates;
    private final Metrics metrics = new Metrics();
    private final CacheAsideReader reader;
    private final CachedNearby nearby;
    private final PolicyWriter writer;
    private final AreaWarmer warmer;
    private final WriteBackFlusher flusher;
    private final dev.tanken.consistency.internal.SharedCounters shared;
    private volatile boolean closed;

    private CachingDatabaseService(DatabaseService database, PostCacheService cache, CacheTierOptions options,
            boolean closeDelegates) {
        this.raw = Objects.requireNonNull(database, "database");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.options = Objects.requireNonNull(options, "options");
        this.closeDelegates = closeDelegates;
        this.db = new CountingDatabaseService(database, metrics.databaseRoundTrips);
        CacheGuard guard = new CacheGuard(cache, metrics, database.invalidationJournal());
        this.reader = new CacheAsideReader(guard, db, metrics, options.entryTtl(), options.leaseTtl());
        this.nearby = new CachedNearby(guard, db, reader, metrics);
        this.writer = new PolicyWriter(db, guard, reader, options.entryTtl(), options.writeBackFallback());
        this.warmer = new AreaWarmer(cache, db, reader);
        this.flusher = new WriteBackFlusher(cache.writeBackQueue(), new EntryApplier(db, guard, options.entryTtl()),
                metrics, options.flushBatchSize(), options.flushInterval(), options.lockTtl());
        if (options.runFlusher()) {
            flusher.start();
        }
        this.shared = new dev.tanken.consistency.internal.SharedCounters(cache, metrics,
                nearCache(cache).map(near -> (java.util.function.Supplier<NearPostCache.Stats>) near::stats),
                SHARED_COUNTERS_INTERVAL);
    }

    /** How often a process adds its counts to the namespace's shared counters (and once at close). */
    public static final Duration SHARED_COUNTERS_INTERVAL = Duration.ofSeconds(5);

    /** Wraps services the caller keeps owning: {@link #close()} drains the queue but closes neither. */
    public static CachingDatabaseService using(DatabaseService database, PostCacheService cache,
            CacheTierOptions options) {
        return new CachingDatabaseService(database, cache, options, false);
    }

    /** Takes ownership: {@link #close()} also closes the database and the cache. */
    public static CachingDatabaseService owning(DatabaseService database, PostCacheService cache,
            CacheTierOptions options) {
        return new CachingDatabaseService(database, cache, options, true);
    }

    public WritePolicy defaultPolicy() {
        return options.defaultPolicy();
    }

    public CacheTierOptions options() {
        return options;
    }

    /** The database behind the cache (calls to it bypass the cache and are not counted). */
    public DatabaseService database() {
        return raw;
    }

    public PostCacheService cache() {
        return cache;
    }

    // ---- cache tier operations

    /**
     * Loads every post of the geo cells the circle touches into the cache, so that nearby searches
     * there are served by the cache. Returns the number of posts in those cells.
     *
     * @throws InvalidInputException if the area is too large or too close to a pole for the geo index
     */
    public long warm(GeoPoint center, double radiusMeters) {
        Objects.requireNonNull(center, "center");
        return warmer.warm(center, radiusMeters);
    }

    /**
     * Applies every write-back entry recorded so far (by any process of this namespace) to the
     * database before returning.
     *
     * @throws dev.tanken.StorageException if that takes longer than the drain timeout
     */
    public void flush() {
        flusher.drain(options.drainTimeout());
    }

    /** The write-back writes the database refused, oldest first, at most {@code limit}. */
    public List<DeadLetter> deadLetters(int limit) {
        requireOpen("deadLetters");
        if (limit < 0) {
            throw new InvalidInputException("limit must not be negative: " + limit);
        }
        return cache.writeBackQueue().deadLetters(limit).stream().map(DeadLetter::of).toList();
    }

    /**
     * Queues these dead letters again (say, after creating the user a create named), as they were
     * first queued, and takes them off the list; the flusher applies them in order with new writes,
     * and one the database refuses again returns to the list. A dead letter replayed twice (a crash
     * between queueing and removal) is harmless: write-back writes are idempotent. Unknown ids are
     * skipped. Returns how many were queued.
     */
    public int replayDeadLetters(Collection<String> ids) {
        requireOpen("replayDeadLetters");
        Set<String> wanted = Set.copyOf(Objects.requireNonNull(ids, "ids"));
        int replayed = 0;
        for (WriteBackQueue.Entry e : cache.writeBackQueue().deadLetters(Integer.MAX_VALUE)) {
            if (!wanted.contains(e.id())) {
                continue;
            }
            Map<String, String> fields = new java.util.LinkedHashMap<>(e.fields());
            fields.remove("entry");
            fields.remove("reason");
            cache.writeBackQueue().append(fields);
            cache.writeBackQueue().dropDeadLetters(List.of(e.id()));
            replayed++;
        }
        return replayed;
    }

    /** Deletes these dead letters for good; returns how many there were. */
    public long dropDeadLetters(Collection<String> ids) {
        requireOpen("dropDeadLetters");
        return cache.writeBackQueue().dropDeadLetters(List.copyOf(Objects.requireNonNull(ids, "ids")));
    }

    /**
     * Whether any cache operation of this tier failed since it was opened (its reads and
     * write-through/write-around writes were then served by the database). Asks nothing of the
     * cache, so it answers after {@link #close()} too.
     */
    public boolean cacheUnavailable() {
        return metrics.cacheErrors.sum() > 0;
    }

    public CacheStats stats() {
        long length = -1;
        Duration lag = Duration.ZERO;
        try {
            length = cache.writeBackQueue().length();
            lag = cache.writeBackQueue().oldestAge();
        } catch (RuntimeException e) {
            metrics.cacheErrors.increment();
        }
        return new CacheStats(metrics.hits.sum(), metrics.misses.sum(), metrics.databaseRoundTrips.sum(),
                metrics.cacheErrors.sum(), metrics.nearbyFromCache.sum(), metrics.nearbyFromDatabase.sum(), length, lag,
                metrics.flushedEntries.sum(), metrics.deadLetters.sum(), metrics.journaledInvalidations.sum(),
                metrics.replayedInvalidations.sum(), nearCache(cache).map(NearPostCache::stats));
    }

    /** What this process's near cache did, when the cache has one ({@code nearCache=N}); asks nothing of Redis. */
    public Optional<NearPostCache.Stats> nearCacheStats() {
        return nearCache(cache).map(NearPostCache::stats);
    }

    /** The near cache among the cache's decorators, if there is one. */
    static Optional<NearPostCache> nearCache(PostCacheService cache) {
        for (PostCacheService c = cache; c != null; ) {
            if (c instanceof NearPostCache near) {
                return Optional.of(near);
            }
            c = c instanceof ForwardingPostCacheService f ? f.delegate() : null;
        }
        return Optional.empty();
    }

    /**
     * The counters of every process sharing this cache namespace, this one's included: hits, misses,
     * nearbyFromCache, nearbyFromDatabase, databaseRoundTrips, cacheErrors, flushedEntries and
     * deadLetters (as in {@link CacheStats}), and the near caches' nearHits, nearMisses,
     * nearInvalidations, nearEvictions and nearOffPeriods (as in {@link NearPostCache.Stats}; 0 when
     * no process has one), each present. Processes add their counts in batches,
     * every {@link #SHARED_COUNTERS_INTERVAL} and when they close, so a running process's latest
     * counts may not be in yet. Deleting the namespace ({@code tanken cache flush --drop}) starts
     * them again from zero.
     *
     * @throws dev.tanken.StorageException if the cache cannot be reached
     */
    public Map<String, Long> sharedCounters() {
        requireOpen("sharedCounters");
        return shared.read();
    }

    // ---- writes

    /** {@link #apply(Write, WritePolicy)} with the default policy. */
    @Override
    public Applied apply(Write write) {
        return apply(write, null);
    }

    /**
     * Applies one write under {@code policy} (null: the default one). Users, default precisions and
     * place names are not cached and go to the database under every policy. Under write-back the
     * result is {@link Applied#queued() queued}: the database decides what changed when it is flushed.
     */
    public Applied apply(Write write, WritePolicy policy) {
        DatabaseFront.require(write, "write");
        return writer.apply(write, policy(policy));
    }

    /** {@link #applyAll(List, WritePolicy)} with the default policy. */
    @Override
    public List<Applied> applyAll(List<Write> writes) {
        return applyAll(writes, null);
    }

    /**
     * Under write-through and write-around, one database transaction as {@link
     * DatabaseService#applyAll} describes it. A list of post creations alone is an import: it goes
     * straight to the database under every policy, and the posts are not cached. Under write-back,
     * every other write is recorded on its own once the posts of its reactions and comments are
     * known to exist, and a failure part-way leaves the writes before it recorded.
     */
    public List<Applied> applyAll(List<Write> writes, WritePolicy policy) {
        DatabaseFront.require(writes, "writes");
        List<Write> list = new ArrayList<>(writes.size());
        for (Write w : writes) {
            list.add(DatabaseFront.require(w, "write"));
        }
        WritePolicy p = policy(policy);
        return list.isEmpty() ? List.of() : writer.applyAll(list, p);
    }

    private WritePolicy policy(WritePolicy policy) {
        requireOpen("apply");
        return policy == null ? options.defaultPolicy() : policy;
    }

    private void requireOpen(String operation) {
        if (closed) {
            throw DatabaseFront.closed("the cache tier over " + raw, operation);
        }
    }

    // ---- reads: posts through the cache

    /** As stored (exact location); {@link #findPost(PostId, UUID)} gives a viewer's view of it. */
    @Override
    public Optional<Post> findPost(PostId id) {
        DatabaseFront.require(id, "post id");
        requireOpen("findPost");
        return reader.read(id);
    }

    @Override
    public List<Post> findPosts(Collection<PostId> ids) {
        DatabaseFront.require(ids, "post ids");
        List<PostId> list = new ArrayList<>(ids.size());
        for (PostId id : ids) {
            list.add(DatabaseFront.require(id, "post id"));
        }
        requireOpen("findPosts");
        return List.copyOf(reader.read(list).values());
    }

    /**
     * Anonymous searches (a null viewer) are served by the cache's geo index where it is complete;
     * a signed-in viewer's search goes to the database, because it ranks the viewer's own
     * approximate and hidden posts by their exact position, which the shared index does not hold.
     */
    @Override
    public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId) {
        requireOpen("nearby");
        if (viewerId != null) {
            metrics.nearbyFromDatabase.increment();
            return db.nearby(center, radiusMeters, limit, cursor, viewerId);
        }
        return nearby.nearby(center, radiusMeters, limit, cursor);
    }

    // ---- reads: straight to the database

    @Override
    public Optional<User> findUser(UUID id) {
        requireOpen("findUser");
        return db.findUser(id);
    }

    @Override
    public Optional<User> findUserByName(String username) {
        requireOpen("findUserByName");
        return db.findUserByName(username);
    }

    /** Users are not cached: the database answers. */
    @Override
    public dev.tanken.model.Page<User> users(int limit, String cursor) {
        requireOpen("users");
        return db.users(limit, cursor);
    }

    @Override
    public Optional<PostId> findPostByPicture(UUID authorId, String sha256) {
        requireOpen("findPostByPicture");
        return db.findPostByPicture(authorId, sha256);
    }

    /** Read from the database: a cache holds posts by id, not the order of their ids. */
    @Override
    public List<PostId> postIdsStartingWith(String prefix, int limit) {
        requireOpen("postIdsStartingWith");
        return db.postIdsStartingWith(prefix, limit);
    }

    @Override
    public boolean isBlobReferenced(String blobKey) {
        requireOpen("isBlobReferenced");
        return db.isBlobReferenced(blobKey);
    }

    @Override
    public Set<String> referencedBlobKeys(Collection<String> blobKeys) {
        requireOpen("referencedBlobKeys");
        return db.referencedBlobKeys(blobKeys);
    }

    @Override
    public Page<Post> postsByUser(UUID authorId, int limit, String cursor) {
        requireOpen("postsByUser");
        return db.postsByUser(authorId, limit, cursor);
    }

    @Override
    public long countPosts() {
        requireOpen("countPosts");
        return db.countPosts();
    }

    @Override
    public Map<PostId, String> placeNames(Collection<PostId> postIds) {
        requireOpen("placeNames");
        return db.placeNames(postIds);
    }

    @Override
    public Optional<Comment> findComment(UUID commentId) {
        requireOpen("findComment");
        return db.findComment(commentId);
    }

    @Override
    public Page<Comment> comments(PostId postId, int limit, String cursor) {
        requireOpen("comments");
        return db.comments(postId, limit, cursor);
    }

    @Override
    public Page<Post> bookmarks(UUID userId, int limit, String cursor) {
        requireOpen("bookmarks");
        return db.bookmarks(userId, limit, cursor);
    }

    @Override
    public ActivityLog activityLog() {
        return db.activityLog();
    }

    @Override
    public Optional<dev.tanken.db.InvalidationJournal> invalidationJournal() {
        return raw.invalidationJournal();
    }

    @Override
    public long retriedReads() {
        return raw.retriedReads();
    }

    /**
     * Stops the flusher after draining the write-back queue (what cannot be drained stays in the
     * stream for the next flusher), then closes the delegates if this tier owns them. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (options.runFlusher()) {
                try {
                    flusher.drain(options.drainTimeout());
                } catch (dev.tanken.cache.CacheUnavailableException e) {
                    // Counted as a cache error and reported as the outage; the entries wait in Redis.
                    metrics.cacheErrors.increment();
                    LOG.debug("closing with the cache unreachable; write-back entries stay queued: {}", e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("closing with write-back entries not applied; they stay queued for the next flusher: {}",
                            e.getMessage());
                }
            }
            try {
                flusher.close();
            } finally {
                try {
                    reader.close();
                } finally {
                    shared.close();
                }
            }
        } finally {
            if (closeDelegates) {
                try {
                    cache.close();
                } finally {
                    raw.close();
                }
            }
        }
    }
}
