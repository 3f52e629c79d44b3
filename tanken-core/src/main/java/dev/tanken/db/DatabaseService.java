package dev.tanken.db;

import dev.tanken.model.Page;
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
 * <p>Every change is a {@link Write}, applied by {@link #apply} or, several in one transaction, by
 * {@link #applyAll}; the single-change methods below are conveniences that build the write. All
 * methods validate their arguments ({@link dev.tanken.InvalidInputException}); storage failures
 * surface as {@link dev.tanken.StorageException}, and any use after {@link #close()} as
 * {@link dev.tanken.ClosedException}. Every method is one transaction: it either happens entirely
 * or not at all. Implementations are thread-safe.
 */
public interface DatabaseService extends AutoCloseable {
    /** Largest page size any paginated call accepts. */
    int MAX_LIMIT = Page.MAX_LIMIT;

    // ---- writes

    /**
     * Applies one write in one transaction, appending its activity entry to {@link #activityLog()}
     * in that transaction when, and only when, the write changed something. If appending fails (say,
     * the entry id is taken: {@link dev.tanken.ConflictException}), the change is rolled back too.
     *
     * @return what the write did
     * @throws dev.tanken.InvalidInputException if {@code write} is null
     */
    Applied apply(Write write);

    /**
     * Applies writes in list order in one transaction, all or nothing: the result is exactly what
     * {@link #apply} called once per write would have returned and stored (liking twice gives
     * changed {@code [true, false]}), and if any write fails, no write and no entry of the list is
     * stored. An empty list returns an empty list without touching the database.
     *
     * <p>A picture posted twice by one author in one list fails with a
     * {@link dev.tanken.DuplicatePostException} naming the post that holds the picture: a stored one,
     * or else the first post of the list with that picture (which, like the rest, is not stored).
     *
     * @return one element per write, in the same order
     * @throws dev.tanken.InvalidInputException if the list or one of its elements is null
     */
    List<Applied> applyAll(List<Write> writes);

    // ---- users

    /** Inserts a user. @throws dev.tanken.ConflictException if the username or id is taken */
    default User createUser(User user) {
        apply(new Write.CreateUser(user));
        return user;
    }

    Optional<User> findUser(UUID id);

    /** @throws dev.tanken.InvalidInputException if {@code username} is not a valid username */
    Optional<User> findUserByName(String username);

    /** Every user, oldest first (ids are time-ordered), a page at a time; {@code cursor} is the previous page's. */
    Page<User> users(int limit, String cursor);

    /**
     * Sets the precision a user's uploads get when the upload does not choose one.
     *
     * @throws dev.tanken.NotFoundException if the user does not exist
     */
    default void setDefaultLocationPrecision(UUID userId, dev.tanken.model.LocationPrecision precision) {
        apply(new Write.SetDefaultPrecision(userId, precision));
    }

    /**
     * Gives a user another username; see {@link Write.RenameUser}.
     *
     * @return true if the name changed
     * @throws dev.tanken.NotFoundException if the user does not exist
     * @throws dev.tanken.ConflictException if another user has the name
     */
    default boolean renameUser(UUID userId, String username) {
        return apply(new Write.RenameUser(userId, username)).changed();
    }

    /**
     * Deletes a user with their posts, comments, likes and bookmarks; see {@link Write.DeleteUser}.
     *
     * @return what was removed, empty if there was no such user
     */
    default Optional<UserRemoval> deleteUser(UUID userId) {
        return apply(new Write.DeleteUser(userId)).removal();
    }

    // ---- posts

    /**
     * Inserts a post with its tags and picture variants; see {@link Write.CreatePost}.
     *
     * @throws dev.tanken.NotFoundException if the author does not exist
     * @throws dev.tanken.DuplicatePostException if this author already posted a picture with the
     *     same SHA-256 (the exception names the existing post)
     */
    default void createPost(Post post) {
        apply(new Write.CreatePost(post));
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
     * Ids of the posts whose canonical text form begins with {@code prefix}, in id order, at most
     * {@code limit} of them: a range read of the id index, for taking short ids as input (see
     * {@link PostId#canonicalPrefix}; dashes may be left out).
     *
     * @throws dev.tanken.InvalidInputException if the prefix is not the beginning of a post id or the
     *     limit is out of range
     */
    List<PostId> postIdsStartingWith(String prefix, int limit);

    /**
     * True when at least one post refers to the blob, as its picture or as one of its derivatives
     * (used before deleting a blob).
     */
    boolean isBlobReferenced(String blobKey);

    /** The subset of {@code blobKeys} that some post refers to (picture or derivative), for garbage collection. */
    java.util.Set<String> referencedBlobKeys(Collection<String> blobKeys);

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
        apply(new Write.SetTags(postId, tags));
    }

    /**
     * Changes how precisely others are shown the post's location; see {@link Write.SetPostPrecision}.
     *
     * @return true if the post had another precision
     * @throws dev.tanken.NotFoundException if the post does not exist
     */
    default boolean setLocationPrecision(PostId postId, dev.tanken.model.LocationPrecision precision) {
        return apply(new Write.SetPostPrecision(postId, precision)).changed();
    }

    /**
     * Replaces the post's caption; see {@link Write.SetCaption}. Null or blank removes it.
     *
     * @return true if the caption changed
     * @throws dev.tanken.NotFoundException if the post does not exist
     */
    default boolean setCaption(PostId postId, String caption) {
        return apply(new Write.SetCaption(postId, caption)).changed();
    }

    /** Deletes the post with its tags, likes, bookmarks and comments; returns what was deleted. */
    default Optional<Post> deletePost(PostId postId) {
        return apply(new Write.DeletePost(postId)).deleted();
    }

    long countPosts();

    // ---- place names

    /**
     * Sets the place name a user chose for a post; see {@link Write.SetPlaceName}. {@code null}
     * removes the override. Deleting the post deletes its place name.
     *
     * @throws dev.tanken.NotFoundException if the post does not exist
     */
    default void setPlaceName(PostId postId, String placeName) {
        apply(new Write.SetPlaceName(postId, placeName));
    }

    /** The place names users chose for these posts; posts without one, and unknown ids, are left out. */
    Map<PostId, String> placeNames(Collection<PostId> postIds);

    // ---- social

    /** Idempotent: returns true if the like was added, false if it was already there. */
    default boolean like(PostId postId, UUID userId) {
        return apply(new Write.Like(postId, userId)).changed();
    }

    /** Idempotent: returns true if a like was removed. */
    default boolean unlike(PostId postId, UUID userId) {
        return apply(new Write.Unlike(postId, userId)).changed();
    }

    default boolean bookmark(PostId postId, UUID userId) {
        return apply(new Write.Bookmark(postId, userId)).changed();
    }

    default boolean unbookmark(PostId postId, UUID userId) {
        return apply(new Write.Unbookmark(postId, userId)).changed();
    }

    /** @throws dev.tanken.NotFoundException if the post or the author does not exist */
    default void addComment(Comment comment) {
        apply(new Write.AddComment(comment));
    }

    Optional<Comment> findComment(UUID commentId);

    /** Returns true if the comment existed and was removed (its post's counter drops by one). */
    default boolean removeComment(UUID commentId) {
        return apply(new Write.RemoveComment(commentId)).changed();
    }

    /** A post's comments, oldest first, keyset-paginated. */
    Page<Comment> comments(PostId postId, int limit, String cursor);

    /**
     * The posts a user bookmarked, most recently bookmarked first, keyset-paginated; empty for an
     * unknown user. Bookmark times come from the clock the backend was opened with.
     */
    Page<Post> bookmarks(UUID userId, int limit, String cursor);

    /** The activity log stored in this database, sharing its connections; do not close it separately. */
    ActivityLog activityLog();

    /** Releases connections and files. Idempotent; any later call fails with {@link dev.tanken.ClosedException}. */
    @Override
    void close();

    /**
     * Where the cache tier keeps invalidations a cache could not take (see {@link InvalidationJournal});
     * empty for a database that cannot keep them, in which case they are kept in memory only.
     */
    default java.util.Optional<InvalidationJournal> invalidationJournal() {
        return java.util.Optional.empty();
    }

    /** Reads that failed because the connection was cut mid-call and succeeded when retried once. */
    default long retriedReads() {
        return 0;
    }
}
