package dev.tanken.testing;

import dev.tanken.activity.ActivityLog;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Delegates every call to a real database service; the single-write conveniences reach it through
 * {@link #apply}. Tests subclass it to inject a failure at one precise step (for example "the insert fails after the blob was stored") while everything else
 * runs against the real backend.
 */
public class ForwardingDatabaseService implements DatabaseService {
    protected final DatabaseService delegate;

    public ForwardingDatabaseService(DatabaseService delegate) {
        this.delegate = delegate;
    }

    @Override public Applied apply(Write write) { return delegate.apply(write); }
    @Override public Optional<dev.tanken.db.InvalidationJournal> invalidationJournal() { return delegate.invalidationJournal(); }
    @Override public long retriedReads() { return delegate.retriedReads(); }
    @Override public List<Applied> applyAll(List<Write> writes) { return delegate.applyAll(writes); }
    @Override public Optional<User> findUser(UUID id) { return delegate.findUser(id); }
    @Override public Optional<User> findUserByName(String username) { return delegate.findUserByName(username); }
    @Override public dev.tanken.model.Page<User> users(int limit, String cursor) { return delegate.users(limit, cursor); }
    @Override public Optional<Post> findPost(PostId id) { return delegate.findPost(id); }
    @Override public List<Post> findPosts(Collection<PostId> ids) { return delegate.findPosts(ids); }
    @Override public List<PostId> postIdsStartingWith(String prefix, int limit) { return delegate.postIdsStartingWith(prefix, limit); }
    @Override public Optional<PostId> findPostByPicture(UUID authorId, String sha256) { return delegate.findPostByPicture(authorId, sha256); }
    @Override public boolean isBlobReferenced(String blobKey) { return delegate.isBlobReferenced(blobKey); }
    @Override public Page<Post> postsByUser(UUID authorId, int limit, String cursor) { return delegate.postsByUser(authorId, limit, cursor); }
    @Override public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) { return delegate.nearby(center, radiusMeters, limit, cursor); }
    @Override public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId) { return delegate.nearby(center, radiusMeters, limit, cursor, viewerId); }
    @Override public Optional<Post> findPost(PostId id, UUID viewerId) { return delegate.findPost(id, viewerId); }
    @Override public java.util.Set<String> referencedBlobKeys(Collection<String> blobKeys) { return delegate.referencedBlobKeys(blobKeys); }
    @Override public long countPosts() { return delegate.countPosts(); }
    @Override public java.util.Map<PostId, String> placeNames(Collection<PostId> postIds) { return delegate.placeNames(postIds); }
    @Override public Optional<Comment> findComment(UUID commentId) { return delegate.findComment(commentId); }
    @Override public Page<Comment> comments(PostId postId, int limit, String cursor) { return delegate.comments(postId, limit, cursor); }
    @Override public Page<Post> bookmarks(UUID userId, int limit, String cursor) { return delegate.bookmarks(userId, limit, cursor); }
    @Override public ActivityLog activityLog() { return delegate.activityLog(); }
    @Override public void close() { delegate.close(); }
}
