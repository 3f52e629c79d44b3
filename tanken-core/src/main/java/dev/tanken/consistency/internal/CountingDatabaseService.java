package dev.tanken.consistency.internal;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.db.Page;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls the tier makes to the database: each call is one round trip (the backends
 * answer every call, batches included, with one statement or one transaction).
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
    @Override public Optional<User> findUser(UUID id) { return db().findUser(id); }
    @Override public Optional<User> findUserByName(String username) { return db().findUserByName(username); }
    @Override public void createPost(Post post) { db().createPost(post); }
    @Override public void createPosts(Collection<Post> posts) { db().createPosts(posts); }
    @Override public Optional<Post> findPost(PostId id) { return db().findPost(id); }
    @Override public List<Post> findPosts(Collection<PostId> ids) { return db().findPosts(ids); }
    @Override public Optional<PostId> findPostByPicture(UUID authorId, String sha256) { return db().findPostByPicture(authorId, sha256); }
    @Override public boolean isBlobReferenced(String blobKey) { return db().isBlobReferenced(blobKey); }
    @Override public Page<Post> postsByUser(UUID authorId, int limit, String cursor) { return db().postsByUser(authorId, limit, cursor); }
    @Override public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) { return db().nearby(center, radiusMeters, limit, cursor); }
    @Override public void setTags(PostId postId, Collection<String> tags) { db().setTags(postId, tags); }
    @Override public Optional<Post> deletePost(PostId postId) { return db().deletePost(postId); }
    @Override public long countPosts() { return db().countPosts(); }
    @Override public boolean like(PostId postId, UUID userId) { return db().like(postId, userId); }
    @Override public boolean unlike(PostId postId, UUID userId) { return db().unlike(postId, userId); }
    @Override public boolean bookmark(PostId postId, UUID userId) { return db().bookmark(postId, userId); }
    @Override public boolean unbookmark(PostId postId, UUID userId) { return db().unbookmark(postId, userId); }
    @Override public void addComment(Comment comment) { db().addComment(comment); }
    @Override public Optional<Comment> findComment(UUID commentId) { return db().findComment(commentId); }
    @Override public boolean removeComment(UUID commentId) { return db().removeComment(commentId); }
    @Override public Page<Comment> comments(PostId postId, int limit, String cursor) { return db().comments(postId, limit, cursor); }
    @Override public void close() { db.close(); }
}
