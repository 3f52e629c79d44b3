package dev.tanken.consistency.internal;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.db.Reaction;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls the tier makes to the database: each call is one round trip (the backends
 * answer every call, batches included, with one statement or one transaction). Forwards every
 * method, defaults included, so that the backend's own implementations run.
 */
public final class CountingDatabaseService implements DatabaseService {
    private final DatabaseService db;
    private final LongAdder calls;

    public CountingDatabaseService(DatabaseService db, LongAdder calls) {
        this.db = db;
        this.calls = calls;
    }

    private DatabaseService db() {
        calls.increment();
        return db;
    }

    @Override public User createUser(User user) { return db().createUser(user); }
    @Override public User createUser(User user, ActivityEntry entry) { return db().createUser(user, entry); }
    @Override public Optional<User> findUser(UUID id) { return db().findUser(id); }
    @Override public Optional<User> findUserByName(String username) { return db().findUserByName(username); }
    @Override public void setDefaultLocationPrecision(UUID userId, LocationPrecision precision) { db().setDefaultLocationPrecision(userId, precision); }
    @Override public void setDefaultLocationPrecision(UUID userId, LocationPrecision precision, ActivityEntry entry) { db().setDefaultLocationPrecision(userId, precision, entry); }
    @Override public void createPost(Post post) { db().createPost(post); }
    @Override public void createPost(Post post, ActivityEntry entry) { db().createPost(post, entry); }
    @Override public void createPosts(Collection<Post> posts) { db().createPosts(posts); }
    @Override public Optional<Post> findPost(PostId id) { return db().findPost(id); }
    @Override public Optional<Post> findPost(PostId id, UUID viewerId) { return db().findPost(id, viewerId); }
    @Override public List<Post> findPosts(Collection<PostId> ids) { return db().findPosts(ids); }
    @Override public Optional<PostId> findPostByPicture(UUID authorId, String sha256) { return db().findPostByPicture(authorId, sha256); }
    @Override public boolean isBlobReferenced(String blobKey) { return db().isBlobReferenced(blobKey); }
    @Override public Set<String> referencedBlobKeys(Collection<String> blobKeys) { return db().referencedBlobKeys(blobKeys); }
    @Override public Page<Post> postsByUser(UUID authorId, int limit, String cursor) { return db().postsByUser(authorId, limit, cursor); }
    @Override public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) { return db().nearby(center, radiusMeters, limit, cursor); }
    @Override public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId) { return db().nearby(center, radiusMeters, limit, cursor, viewerId); }
    @Override public void setTags(PostId postId, Collection<String> tags) { db().setTags(postId, tags); }
    @Override public void setTags(PostId postId, Collection<String> tags, ActivityEntry entry) { db().setTags(postId, tags, entry); }
    @Override public Optional<Post> deletePost(PostId postId) { return db().deletePost(postId); }
    @Override public Optional<Post> deletePost(PostId postId, ActivityEntry entry) { return db().deletePost(postId, entry); }
    @Override public long countPosts() { return db().countPosts(); }
    @Override public void setPlaceName(PostId postId, String placeName) { db().setPlaceName(postId, placeName); }
    @Override public Map<PostId, String> placeNames(Collection<PostId> postIds) { return db().placeNames(postIds); }
    @Override public boolean like(PostId postId, UUID userId) { return db().like(postId, userId); }
    @Override public boolean like(PostId postId, UUID userId, ActivityEntry entry) { return db().like(postId, userId, entry); }
    @Override public boolean unlike(PostId postId, UUID userId) { return db().unlike(postId, userId); }
    @Override public boolean unlike(PostId postId, UUID userId, ActivityEntry entry) { return db().unlike(postId, userId, entry); }
    @Override public boolean bookmark(PostId postId, UUID userId) { return db().bookmark(postId, userId); }
    @Override public boolean bookmark(PostId postId, UUID userId, ActivityEntry entry) { return db().bookmark(postId, userId, entry); }
    @Override public boolean unbookmark(PostId postId, UUID userId) { return db().unbookmark(postId, userId); }
    @Override public boolean unbookmark(PostId postId, UUID userId, ActivityEntry entry) { return db().unbookmark(postId, userId, entry); }
    @Override public List<Boolean> react(List<Reaction> reactions) { return db().react(reactions); }
    @Override public void addComment(Comment comment) { db().addComment(comment); }
    @Override public void addComment(Comment comment, ActivityEntry entry) { db().addComment(comment, entry); }
    @Override public Optional<Comment> findComment(UUID commentId) { return db().findComment(commentId); }
    @Override public boolean removeComment(UUID commentId) { return db().removeComment(commentId); }
    @Override public boolean removeComment(UUID commentId, ActivityEntry entry) { return db().removeComment(commentId, entry); }
    @Override public Page<Comment> comments(PostId postId, int limit, String cursor) { return db().comments(postId, limit, cursor); }
    @Override public Page<Post> bookmarks(UUID userId, int limit, String cursor) { return db().bookmarks(userId, limit, cursor); }
    @Override public ActivityLog activityLog() { return db().activityLog(); }
    @Override public void close() { db.close(); }
}
