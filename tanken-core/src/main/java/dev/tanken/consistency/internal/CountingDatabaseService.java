package dev.tanken.consistency.internal;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls the tier makes to the database: each call is one round trip (the backends
 * answer every call, batches included, with one statement or one transaction). Forwards every
 * method but the single-write conveniences, which come back here as {@link #apply}.
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

    @Override public Applied apply(Write write) { return db().apply(write); }
    @Override public List<Applied> applyAll(List<Write> writes) { return db().applyAll(writes); }
    @Override public Optional<User> findUser(UUID id) { return db().findUser(id); }
    @Override public Optional<User> findUserByName(String username) { return db().findUserByName(username); }
    @Override public dev.tanken.model.Page<User> users(int limit, String cursor) { return db().users(limit, cursor); }
    @Override public Optional<Post> findPost(PostId id) { return db().findPost(id); }
    @Override public Optional<Post> findPost(PostId id, UUID viewerId) { return db().findPost(id, viewerId); }
    @Override public List<Post> findPosts(Collection<PostId> ids) { return db().findPosts(ids); }
    @Override public List<PostId> postIdsStartingWith(String prefix, int limit) { return db().postIdsStartingWith(prefix, limit); }
    @Override public Optional<PostId> findPostByPicture(UUID authorId, String sha256) { return db().findPostByPicture(authorId, sha256); }
    @Override public boolean isBlobReferenced(String blobKey) { return db().isBlobReferenced(blobKey); }
    @Override public Set<String> referencedBlobKeys(Collection<String> blobKeys) { return db().referencedBlobKeys(blobKeys); }
    @Override public Page<Post> postsByUser(UUID authorId, int limit, String cursor) { return db().postsByUser(authorId, limit, cursor); }
    @Override public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) { return db().nearby(center, radiusMeters, limit, cursor); }
    @Override public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId) { return db().nearby(center, radiusMeters, limit, cursor, viewerId); }
    @Override public long countPosts() { return db().countPosts(); }
    @Override public Map<PostId, String> placeNames(Collection<PostId> postIds) { return db().placeNames(postIds); }
    @Override public Optional<Comment> findComment(UUID commentId) { return db().findComment(commentId); }
    @Override public Page<Comment> comments(PostId postId, int limit, String cursor) { return db().comments(postId, limit, cursor); }
    @Override public Page<Post> bookmarks(UUID userId, int limit, String cursor) { return db().bookmarks(userId, limit, cursor); }
    @Override public ActivityLog activityLog() { return db().activityLog(); }
    @Override public java.util.Optional<dev.tanken.db.InvalidationJournal> invalidationJournal() {
        return db.invalidationJournal();
    }
    @Override public long retriedReads() { return db.retriedReads(); }
    @Override public void close() { db.close(); }
}
