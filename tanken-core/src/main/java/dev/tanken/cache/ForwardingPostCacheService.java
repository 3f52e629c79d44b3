package dev.tanken.cache;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityLog;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link PostCacheService} that hands every call to another one, for decorators that change a few
 * operations and keep the rest: extend it and override only those. Every method is forwarded, the
 * interface's default methods too, so the delegate's own (often single round trip) versions of them
 * are used; a decorator that changes {@link #getPosts} or {@link #nearby} must therefore also
 * override the methods built on them that it wants to see through it ({@link #getPostsOrLease},
 * {@link #nearbyWithPosts}).
 */
public abstract class ForwardingPostCacheService implements PostCacheService {
    protected final PostCacheService delegate;

    protected ForwardingPostCacheService(PostCacheService delegate) {
        if (delegate == null) {
            throw new InvalidInputException("the cache to forward to must not be null");
        }
        this.delegate = delegate;
    }

    /** The cache this one forwards to. */
    public PostCacheService delegate() {
        return delegate;
    }

    // ---- posts

    @Override
    public List<CachedPost> getPosts(List<PostId> ids) {
        return delegate.getPosts(ids);
    }

    @Override
    public List<Lookup> getPostsOrLease(List<PostId> ids, String token, Duration ttl) {
        return delegate.getPostsOrLease(ids, token, ttl);
    }

    @Override
    public Map<PostId, String> acquireLeases(Collection<PostId> ids, String token, Duration ttl) {
        return delegate.acquireLeases(ids, token, ttl);
    }

    @Override
    public int fill(Collection<Fill> fills, Duration ttl) {
        return delegate.fill(fills, ttl);
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
    public void putPendingDelete(PostId id) {
        delegate.putPendingDelete(id);
    }

    @Override
    public Optional<Post> pendingDetails(PostId id) {
        return delegate.pendingDetails(id);
    }

    @Override
    public void settle(PostId id, Optional<Post> applied, Duration ttl) {
        delegate.settle(id, applied, ttl);
    }

    // ---- geo index

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
    public Optional<NearbyHits> nearbyWithPosts(GeoPoint center, double radiusMeters, int limit, int postsToRead,
            Double afterChord, PostId afterId) {
        return delegate.nearbyWithPosts(center, radiusMeters, limit, postsToRead, afterChord, afterId);
    }

    // ---- write-back, activity, shared counters

    @Override
    public WriteBackQueue writeBackQueue() {
        return delegate.writeBackQueue();
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
    public long drainActivity(ActivityLog log) {
        return delegate.drainActivity(log);
    }

    @Override
    public void addSharedCounters(Map<String, Long> deltas) {
        delegate.addSharedCounters(deltas);
    }

    @Override
    public Map<String, Long> sharedCounters() {
        return delegate.sharedCounters();
    }

    // ---- generic operations

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
        return delegate.deleteNamespace();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
