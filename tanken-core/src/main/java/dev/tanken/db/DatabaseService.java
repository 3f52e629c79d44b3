package dev.tanken.db;

import dev.tanken.model.Page;
import dev.tanken.model.LocationPrecision;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The system of record for users, posts and their social state. Implementations:
 * {@link dev.tanken.postgres.PostgresDatabaseService} and the embedded
 * {@link dev.tanken.sqlite.SqliteDatabaseService}. Both pass the same contract test suite.
 *
 * <p>All methods validate their arguments ({@link dev.tanken.InvalidInputException}); storage
 * failures surface as {@link dev.tanken.StorageException}. Every method is one transaction: it
 * either happens entirely or not at all. Implementations are thread-safe.
 */
public interface DatabaseService extends AutoCloseable {
    /** Largest page size any paginated call accepts. */
    int MAX_LIMIT = Page.MAX_LIMIT;

    // ---- users

    /** Inserts a user. @throws dev.tanken.ConflictException if the username or id is taken */
    default User createUser(User user) {
        return createUser(user, null);
    }

    Optional<User> findUser(UUID id);

    Optional<User> findUserByName(String username);

    /**
     * Sets the precision a user's uploads get when the upload does not choose one.
     *
     * @throws dev.tanken.NotFoundException if the user does not exist
     */
    default void setDefaultLocationPrecision(UUID userId, dev.tanken.model.LocationPrecision precision) {
        setDefaultLocationPrecision(userId, precision, null);
    }

    // ---- posts

    /**
     * Inserts a post with its tags and picture variants. Counters in {@code post} must be zero and its
     * location must be set (whatever its precision).
     *
     * @throws dev.tanken.NotFoundException if the author does not exist
     * @throws dev.tanken.DuplicatePostException if this author already posted a picture with the
     *     same SHA-256 (the exception names the existing post)
     */
    default void createPost(Post post) {
        createPost(post, null);
    }

    /**
     * Inserts many posts at once, for imports and dataset generation. Backends override this with
     * batched statements in one transaction; all posts are inserted or none.
     */
    default void createPosts(Collection<Post> posts) {
        posts.forEach(this::createPost);
    }

    Optional<Post> findPost(PostId id);

    /**
     * The post as {@code viewerId} may see it (see {@link Post#seenBy}): its author sees everything,
     * anyone else (null: anonymous) the location its precision allows.
     */
    default Optional<Post> findPost(PostId id, UUID viewerId) {
        return findPost(id).map(p -> p.seenBy(viewerId));
    }

    /**
     * Reads many posts in one round trip. The result follows the order of {@code ids}; ids that do
     * not exist are left out, repeated ids appear once.
     */
    List<Post> findPosts(Collection<PostId> ids);

    /** The post this author made from the picture with this SHA-256, if any. */
    Optional<PostId> findPostByPicture(UUID authorId, String sha256);

    /**
     * True when at least one post refers to the blob, as its picture or as one of its derivatives
     * (used before deleting a blob).
     */
    boolean isBlobReferenced(String blobKey);

    /**
     * The subset of {@code blobKeys} that some post refers to (picture or derivative), for garbage
     * collection. Backends answer a batch in one query; this default asks key by key.
     */
    default java.util.Set<String> referencedBlobKeys(Collection<String> blobKeys) {
        java.util.Set<String> referenced = new java.util.HashSet<>();
        for (String key : blobKeys) {
            if (isBlobReferenced(key)) {
                referenced.add(key);
            }
        }
        return referenced;
    }

    /** A user's posts, newest first, keyset-paginated; {@code cursor} is null for the first page. */
    Page<Post> postsByUser(UUID authorId, int limit, String cursor);

    /**
     * Posts within {@code radiusMeters} of {@code center} (inclusive), ordered by great-circle
     * distance and then by post id, keyset-paginated, as an anonymous viewer sees them: the same as
     * {@link #nearby(GeoPoint, double, int, String, UUID) nearby(..., null)}.
     */
    default Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) {
        return nearby(center, radiusMeters, limit, cursor, null);
    }

    /**
     * Posts within {@code radiusMeters} of {@code center} (inclusive) as {@code viewerId} may see them,
     * ordered by the distance the viewer is shown and then by post id, keyset-paginated. Served from a
     * spatial index. A limit of 0 returns an empty page.
     *
     * <p>Location precision ({@link dev.tanken.model.LocationPrecision}) applies to every post but the
     * viewer's own: another user's approximate post is found, ranked and measured by its cell's centre
     * (never by its exact position, whose distance would reveal more than the shown point) and returned
     * with that centre as its location; another user's hidden post is not returned at all. The viewer's
     * own posts are found, ranked and returned exactly, hidden ones included. A null viewer is anonymous
     * and owns nothing: the strictest view.
     */
    Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId);

    /** Replaces the post's tags. @throws dev.tanken.NotFoundException if the post does not exist */
    default void setTags(PostId postId, Collection<String> tags) {
        setTags(postId, tags, null);
    }

    /** Deletes the post with its tags, likes, bookmarks and comments; returns what was deleted. */
    default Optional<Post> deletePost(PostId postId) {
        return deletePost(postId, null);
    }

    long countPosts();

    // ---- place names

    /**
     * Sets the place name a user chose for a post, overriding the one the offline gazetteer gives
     * ({@link dev.tanken.geocode.ReverseGeocoder}); {@code null} removes the override. The name must
     * pass {@link dev.tanken.geocode.PlaceNames#requireValid} and is stored stripped. Deleting the
     * post deletes its place name.
     *
     * @throws dev.tanken.NotFoundException if the post does not exist
     */
    void setPlaceName(PostId postId, String placeName);

    /** The place names users chose for these posts; posts without one, and unknown ids, are left out. */
    Map<PostId, String> placeNames(Collection<PostId> postIds);

    // ---- social

    /** Idempotent: returns true if the like was added, false if it was already there. */
    default boolean like(PostId postId, UUID userId) {
        return like(postId, userId, null);
    }

    /** Idempotent: returns true if a like was removed. */
    default boolean unlike(PostId postId, UUID userId) {
        return unlike(postId, userId, null);
    }

    default boolean bookmark(PostId postId, UUID userId) {
        return bookmark(postId, userId, null);
    }

    default boolean unbookmark(PostId postId, UUID userId) {
        return unbookmark(postId, userId, null);
    }

    /**
     * Applies many likes, unlikes, bookmarks and unbookmarks in one transaction, for callers that
     * buffer reactions (the cache tier's write-back). The reactions take effect in list order, so the
     * result is exactly what the single calls with their recording overloads, made one after
     * another, would have returned and stored: element {@code i} tells whether reaction {@code i}
     * changed something (liking twice gives {@code [true, false]}, a like then an unlike of the same
     * pair {@code [true, true]}), and a reaction's entry is appended to {@link #activityLog()} only
     * when it did. Counters stay exact.
     *
     * <p>All or nothing: if anything fails, no reaction and no entry of the batch is stored. An empty
     * list returns an empty list without touching the database. Both backends implement it; the
     * default exists only so that decorators written before it keep compiling.
     *
     * @return one element per reaction, in the same order
     * @throws dev.tanken.InvalidInputException if the list or one of its elements is null
     * @throws dev.tanken.NotFoundException naming the first post or user (in list order) that does not exist
     * @throws dev.tanken.ConflictException if an entry cannot be appended because its id is taken,
     *     by a stored entry or by an earlier reaction of the same batch that changed something
     */
    default List<Boolean> react(List<Reaction> reactions) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement react()");
    }

    /** @throws dev.tanken.NotFoundException if the post or the author does not exist */
    default void addComment(Comment comment) {
        addComment(comment, null);
    }

    Optional<Comment> findComment(UUID commentId);

    /** Returns true if the comment existed and was removed (its post's counter drops by one). */
    default boolean removeComment(UUID commentId) {
        return removeComment(commentId, null);
    }

    /** A post's comments, oldest first, keyset-paginated. */
    Page<Comment> comments(PostId postId, int limit, String cursor);

    /**
     * The posts a user bookmarked, most recently bookmarked first, keyset-paginated; empty for an
     * unknown user. Both backends implement it; the default exists only so that decorators written
     * before it keep compiling.
     */
    default Page<Post> bookmarks(UUID userId, int limit, String cursor) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement bookmarks()");
    }

    // ---- activity: an action and its log entry in one transaction
    //
    // Each overload below does what the plain method does and, in the same transaction, appends
    // the entry to activityLog() when the call changed something: always for creations and
    // setTags, only when it returns true (or a deleted post) for the others. If appending fails
    // (say, the entry id is taken: ConflictException), the action is rolled back too. A null entry
    // makes the overload behave exactly like the plain method. Both backends implement them; the
    // defaults only keep older decorators compiling, and refuse a non-null entry rather than
    // silently dropping it.

    /** The activity log stored in this database, sharing its connections; do not close it separately. */
    default ActivityLog activityLog() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no activity log");
    }

    // The recording overloads are what implementations provide: {@code entry} is appended to the
    // activity log in the same transaction as the change, and only when something changed; null
    // records nothing. The plain methods above delegate here with null.

    User createUser(User user, ActivityEntry entry);

    void setDefaultLocationPrecision(UUID userId, dev.tanken.model.LocationPrecision precision, ActivityEntry entry);

    void createPost(Post post, ActivityEntry entry);

    void setTags(PostId postId, Collection<String> tags, ActivityEntry entry);

    Optional<Post> deletePost(PostId postId, ActivityEntry entry);

    boolean like(PostId postId, UUID userId, ActivityEntry entry);

    boolean unlike(PostId postId, UUID userId, ActivityEntry entry);

    boolean bookmark(PostId postId, UUID userId, ActivityEntry entry);

    boolean unbookmark(PostId postId, UUID userId, ActivityEntry entry);

    void addComment(Comment comment, ActivityEntry entry);

    boolean removeComment(UUID commentId, ActivityEntry entry);

    /** Releases connections and files. Idempotent. */
    @Override
    void close();
}
