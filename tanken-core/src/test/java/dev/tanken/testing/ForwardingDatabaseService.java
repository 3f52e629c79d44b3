package dev.tanken.testing;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.db.Reaction;
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
 * Delegates every call to a real database service. Tests subclass it to inject a failure at one
 * precise step (for example "the insert fails after the blob was stored") while everything else
 * runs against the real backend.
 */
public class ForwardingDatabaseService implements DatabaseService {
    protected final DatabaseService delegate;

    public ForwardingDatabaseService(DatabaseService delegate) {
        this.delegate = delegate;
    }

    @Override public User createUser(User user) { return delegate.createUser(user); }
    @Override public Optional<User> findUser(UUID id) { return delegate.findUser(id); }
    @Override public Optional<User> findUserByName(String username) { return delegate.findUserByName(username); }
    @Override public void setDefaultLocationPrecision(UUID userId, dev.tanken.model.LocationPrecision precision) { delegate.setDefaultLocationPrecision(userId, precision); }
    @Override public void createPost(Post post) { delegate.createPost(post); }
    @Override public void createPosts(Collection<Post> posts) { delegate.createPosts(posts); }
    @Override public Optional<Post> findPost(PostId id) { return delegate.findPost(id); }
    @Override public List<Post> findPosts(Collection<PostId> ids) { return delegate.findPosts(ids); }
    @Override public Optional<PostId> findPostByPicture(UUID authorId, String sha256) { return delegate.findPostByPicture(authorId, sha256); }
    @Override public boolean isBlobReferenced(String blobKey) { return delegate.isBlobReferenced(blobKey); }
    @Override public Page<Post> postsByUser(UUID authorId, int limit, String cursor) { return delegate.postsByUser(authorId, limit, cursor); }
    @Override public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) { return delegate.nearby(center, radiusMeters, limit, cursor); }
    @Override public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId) { return delegate.nearby(center, radiusMeters, limit, cursor, viewerId); }
    @Override public Optional<Post> findPost(PostId id, UUID viewerId) { return delegate.findPost(id, viewerId); }
    @Override public java.util.Set<String> referencedBlobKeys(Collection<String> blobKeys) { return delegate.referencedBlobKeys(blobKeys); }
    @Override public void setTags(PostId postId, Collection<String> tags) { delegate.setTags(postId, tags); }
    @Override public Optional<Post> deletePost(PostId postId) { return delegate.deletePost(postId); }
    @Override public long countPosts() { return delegate.countPosts(); }
    @Override public void setPlaceName(PostId postId, String placeName) { delegate.setPlaceName(postId, placeName); }
    @Override public java.util.Map<PostId, String> placeNames(Collection<PostId> postIds) { return delegate.placeNames(postIds); }
    @Override public boolean like(PostId postId, UUID userId) { return delegate.like(postId, userId); }
    @Override public boolean unlike(PostId postId, UUID userId) { return delegate.unlike(postId, userId); }
    @Override public boolean bookmark(PostId postId, UUID userId) { return delegate.bookmark(postId, userId); }
    @Override public boolean unbookmark(PostId postId, UUID userId) { return delegate.unbookmark(postId, userId); }
    @Override public List<Boolean> react(List<Reaction> reactions) { return delegate.react(reactions); }
    @Override public void addComment(Comment comment) { delegate.addComment(comment); }
    @Override public Optional<Comment> findComment(UUID commentId) { return delegate.findComment(commentId); }
    @Override public boolean removeComment(UUID commentId) { return delegate.removeComment(commentId); }
    @Override public Page<Comment> comments(PostId postId, int limit, String cursor) { return delegate.comments(postId, limit, cursor); }
    @Override public Page<Post> bookmarks(UUID userId, int limit, String cursor) { return delegate.bookmarks(userId, limit, cursor); }
    @Override public ActivityLog activityLog() { return delegate.activityLog(); }
    @Override public User createUser(User user, ActivityEntry entry) { return delegate.createUser(user, entry); }
    @Override public void setDefaultLocationPrecision(UUID userId, dev.tanken.model.LocationPrecision precision, ActivityEntry entry) { delegate.setDefaultLocationPrecision(userId, precision, entry); }
    @Override public void createPost(Post post, ActivityEntry entry) { delegate.createPost(post, entry); }
    @Override public void setTags(PostId postId, Collection<String> tags, ActivityEntry entry) { delegate.setTags(postId, tags, entry); }
    @Override public Optional<Post> deletePost(PostId postId, ActivityEntry entry) { return delegate.deletePost(postId, entry); }
    @Override public boolean like(PostId postId, UUID userId, ActivityEntry entry) { return delegate.like(postId, userId, entry); }
    @Override public boolean unlike(PostId postId, UUID userId, ActivityEntry entry) { return delegate.unlike(postId, userId, entry); }
    @Override public boolean bookmark(PostId postId, UUID userId, ActivityEntry entry) { return delegate.bookmark(postId, userId, entry); }
    @Override public boolean unbookmark(PostId postId, UUID userId, ActivityEntry entry) { return delegate.unbookmark(postId, userId, entry); }
    @Override public void addComment(Comment comment, ActivityEntry entry) { delegate.addComment(comment, entry); }
    @Override public boolean removeComment(UUID commentId, ActivityEntry entry) { return delegate.removeComment(commentId, entry); }
    @Override public void close() { delegate.close(); }
}
