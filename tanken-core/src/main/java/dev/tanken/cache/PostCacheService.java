package dev.tanken.cache;

import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Post-level cache operations on top of {@link CacheService}: post details and counters, versions
 * and leases for race-free cache-aside fills, the partitioned geo index and the write-back queue.
 * Multi-post calls cost one round trip to the server (pipelined; on a cluster, one per node).
 *
 * <p>Every cached post has a version that each invalidation changes. A reader that misses takes
 * the fill lease, which tells it the version; it then reads the database and fills with that
 * version; the fill is refused if the version changed meanwhile, so a value read before a write can
 * never overwrite the invalidation that followed the write.
 */
public interface PostCacheService extends CacheService {

    /** What the cache holds for each id, in the order of {@code ids} (one round trip). */
    List<CachedPost> getPosts(List<PostId> ids);

    /**
     * Tries to take the fill lease of each post for {@code ttl}; returns the ids whose lease this
     * caller now holds, each with the post's current version, to fill with after reading the
     * database. Only the holder reads the database, so a storm of misses on one post costs one query
     * across all processes. A post that nobody can be filling (its counters are cached) may be
     * returned with its version although no lease was taken: its fill is guarded by the version alone.
     */
    Map<PostId, String> acquireLeases(Collection<PostId> ids, String token, Duration ttl);

    /**
     * What the cache holds for one post, and whether this caller now holds the post's fill lease.
     *
     * @param leaseVersion the post's version when this caller took its fill lease (to fill with after
     *     reading the database); null when the cache answered, or when another reader holds the lease
     */
    record Lookup(CachedPost cached, String leaseVersion) {
        public Lookup {
            java.util.Objects.requireNonNull(cached, "cached post");
        }

        public boolean leased() {
            return leaseVersion != null;
        }
    }

    /**
     * {@link #getPosts} and, for each post the cache cannot answer ({@link CachedPost.State#MISS} or
     * {@link CachedPost.State#DETAILS_ONLY}), {@link #acquireLeases} with {@code token}, so a miss
     * costs the caller no round trip beyond the lookup. The version is read after the lease is taken,
     * so a fill with it is refused if any write invalidated the post after the lookup. Implementations
     * do both in one round trip (one per node on a cluster); this default takes two.
     */
    default List<Lookup> getPostsOrLease(List<PostId> ids, String token, Duration ttl) {
        List<CachedPost> cached = getPosts(ids);
        List<PostId> unanswered = cached.stream()
                .filter(c -> c.state() == CachedPost.State.MISS || c.state() == CachedPost.State.DETAILS_ONLY)
                .map(CachedPost::id).toList();
        Map<PostId, String> leased = unanswered.isEmpty() ? Map.of() : acquireLeases(unanswered, token, ttl);
        return cached.stream().map(c -> new Lookup(c, leased.get(c.id()))).toList();
    }

    /** A fill: the post read from the database after {@code version} was observed. */
    record Fill(Post post, String version, String leaseToken) {
    }

    /**
     * Stores posts read from the database, each only if its version is still the one observed. Never
     * replaces cached details (they may be a pending write-back change); always refreshes counters.
     * Releases the given leases. Returns the number of posts stored.
     */
    int fill(Collection<Fill> fills, Duration ttl);

    /** Releases leases without filling (the database read failed). */
    void releaseLeases(Collection<PostId> ids, String token);

    /** Drops a post's cached details and counters and changes its version; returns the new version. */
    String invalidate(PostId id);

    /** Drops a post's cached counters (likes, bookmarks, comments) and changes its version. */
    String invalidateCounters(PostId id);

    /** {@link #invalidateCounters(PostId)} for many posts in one round trip (one per node on a cluster). */
    default void invalidateCountersOf(Collection<PostId> ids) {
        ids.forEach(this::invalidateCounters);
    }

    /**
     * Stores a post written with the write-back policy: details pinned (no expiry) until the flusher
     * has applied them, counters as given; changes the version so racing fills are refused.
     */
    void putPending(Post post);

    /**
     * Replaces cached details with {@code replacement} (pinned) only if they still equal
     * {@code expected} (compare-and-set); returns false when another writer got there first.
     */
    boolean replacePending(Post expected, Post replacement);

    /**
     * A write-back create in one round trip (one per node on a cluster): {@link #putPending} the
     * post, {@link #geoAdd} it at {@code indexedAt} (null: in no index) and append {@code entry} to
     * the {@link #writeBackQueue()}; returns the entry's id. The entry must carry the whole post (the
     * flusher applies it from the entry, so it does not depend on the order the node applies the
     * three in). If the entry was recorded but the post could not be shown, the post is left
     * uncached (a read falls through to the database until the flush) and the id is returned.
     *
     * @throws dev.tanken.StorageException if the entry was not recorded
     * @throws WriteBackUncertainException as {@link WriteBackQueue#append}
     */
    default String putPendingAndAppend(Post post, GeoPoint indexedAt, Map<String, String> entry) {
        putPending(post);
        if (indexedAt != null) {
            geoAdd(post.id(), indexedAt);
        }
        return writeBackQueue().append(entry);
    }

    /**
     * After the flusher created these posts: {@link #settle}s each and puts it back in its geo cell
     * at {@code indexedAt} (a cell warmed from the database before the flush lacks it), in one round
     * trip (one per node on a cluster). {@code indexedAt} holds one point per post, null for none.
     */
    default void settleCreated(List<Post> posts, List<GeoPoint> indexedAt, Duration ttl) {
        for (int i = 0; i < posts.size(); i++) {
            settle(posts.get(i).id(), Optional.of(posts.get(i)), ttl);
            if (indexedAt.get(i) != null) {
                geoAdd(posts.get(i).id(), indexedAt.get(i));
            }
        }
    }

    /** Marks a post deleted pending the flush: reads see it absent at once. */
    void putPendingDelete(PostId id);

    /** The pinned pending details of a post, if any (what the flusher must apply). */
    Optional<Post> pendingDetails(PostId id);

    /**
     * After the flusher applied a post's pending change: unpins the details (gives them {@code ttl})
     * or removes a delete marker, unless they changed again meanwhile.
     */
    void settle(PostId id, Optional<Post> applied, Duration ttl);

    // ---- geo index

    /** The cells a search circle touches, or empty when the cache does not serve it (poles, huge radius). */
    Optional<List<GeoCell>> cellsCovering(GeoPoint center, double radiusMeters);

    /** Adds a post to its cell (keeps a complete cell complete). */
    void geoAdd(PostId id, GeoPoint location);

    /** Removes a post from its cell. */
    void geoRemove(PostId id, GeoPoint location);

    /** Marks the cell holding {@code location} incomplete: it serves no search until warmed again. */
    void invalidateCell(GeoPoint location);

    /**
     * Starts warming a cell: returns a token to pass to {@link #commitWarm} after every post of the
     * cell read from the database was given to {@link #warmAdd}.
     */
    String beginWarm(GeoCell cell);

    void warmAdd(GeoCell cell, Map<PostId, GeoPoint> posts);

    /**
     * Makes the warmed contents the cell's and marks it complete, unless a write touched the cell
     * since {@link #beginWarm} (then returns false and the cell stays as it was).
     */
    boolean commitWarm(GeoCell cell, String token);

    /**
     * The {@code limit} posts nearest to {@code center} within {@code radiusMeters} and after the
     * keyset position {@code (afterChord, afterId)} (both null for the first page), in (chord, id)
     * order, from the geo index; empty when a cell the search needs is not complete. Dense areas
     * are searched with a small radius first, widened until {@code limit} posts are found.
     */
    Optional<List<NearbyCandidate>> nearby(GeoPoint center, double radiusMeters, int limit, Double afterChord,
            PostId afterId);

    /** Nearby candidates with what the cache holds for the first of them, in the same order. */
    record NearbyHits(List<NearbyCandidate> candidates, List<CachedPost> posts) {
    }

    /**
     * {@link #nearby} together with what the cache holds for the first {@code postsToRead} posts of
     * the result (a page asks one candidate more than it shows, to know whether a next page exists,
     * and reads no more posts than it shows): two round trips. (Reading the posts inside the search
     * script saves one on a single server but, measured, costs more server time than it saves; see
     * docs/benchmarks.md.)
     */
    default Optional<NearbyHits> nearbyWithPosts(GeoPoint center, double radiusMeters, int limit, int postsToRead,
            Double afterChord, PostId afterId) {
        return nearby(center, radiusMeters, limit, afterChord, afterId)
                .map(c -> new NearbyHits(c, getPosts(c.subList(0, Math.min(Math.max(postsToRead, 0), c.size()))
                        .stream().map(NearbyCandidate::id).toList())));
    }

    // ---- write-back

    WriteBackQueue writeBackQueue();

    /**
     * Claims a picture for a write-back create, atomically: the first post of an author with this
     * SHA-256 holds the claim until the flusher settles it ({@link #releasePicture}), so a second
     * upload of the same photo is told it is a duplicate before it is acknowledged, as the database
     * would tell it. {@code replacing} names a holder known to be gone (its create was refused or its
     * post deleted), whose claim may be taken over; null for none.
     *
     * @return the post that holds the claim now: {@code postId} when this call got it
     */
    PostId claimPicture(UUID authorId, String sha256, PostId postId, PostId replacing, Duration ttl);

    /** Drops the claim on a picture if {@code postId} holds it. */
    void releasePicture(UUID authorId, String sha256, PostId postId);

    /**
     * Writes activity entries left in this cache server's activity stream (by processes of earlier
     * versions, which published entries there) to {@code log}, claiming entries other consumers
     * left unacknowledged at once. Returns how many stream entries it handled; 0 for a cache that
     * carries no activity.
     */
    default long drainActivity(dev.tanken.activity.ActivityLog log) {
        return 0;
    }

    /**
     * Adds to the counters every process of this namespace shares (one round trip, whatever the
     * number of fields); zero deltas are left out. A call that fails may or may not have counted.
     */
    void addSharedCounters(Map<String, Long> deltas);

    /** The counters every process of this namespace added, by name; empty before any was added. */
    Map<String, Long> sharedCounters();
}
