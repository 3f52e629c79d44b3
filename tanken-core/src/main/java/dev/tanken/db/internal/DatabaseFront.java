package dev.tanken.db.internal;

import dev.tanken.ClosedException;
import dev.tanken.DuplicatePostException;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.db.Applied;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.db.Write;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Page;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.Validation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one validating front every database backend extends. It owns everything the backends must
 * agree on: argument checks, the closed check ({@link ClosedException}), limits, cursor encoding
 * and decoding, page look-ahead, the order and atomicity of writes, and the rule that an activity
 * entry is recorded exactly when its write changed something. A backend implements only the narrow
 * SPI below: plain reads with already-validated arguments, and one write at a time inside a
 * transaction it runs.
 *
 * <p>Not API: backends live in other artifacts, so this class is public, but it may change in any
 * release.
 */
public abstract class DatabaseFront implements DatabaseService {
    /** Where bookmark and like times come from; injectable so that tests control them. */
    protected final Clock clock;
    private volatile boolean closed;

    protected DatabaseFront(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- the SPI

    /** One write transaction of a backend. */
    protected interface Transaction {
        /** Applies the write's change alone (never its activity entry) and says what it did. */
        Applied apply(Write write);

        /** Appends an entry to the activity log in this transaction. */
        void record(ActivityEntry entry);

        /**
         * Inserts consecutive new posts, as many {@link #apply} calls of {@link Write.CreatePost}
         * would; backends that can insert them in fewer round trips override it.
         */
        default void createPosts(List<Post> posts) {
            for (Post p : posts) {
                apply(new Write.CreatePost(p));
            }
        }

        /**
         * Applies consecutive reactions (their changes alone, never their entries), as many {@link
         * #apply} calls would; backends that can send them in fewer round trips override it.
         */
        default List<Applied> react(List<Write.Reaction> reactions) {
            List<Applied> out = new ArrayList<>(reactions.size());
            for (Write.Reaction r : reactions) {
                out.add(apply(r));
            }
            return out;
        }
    }

    /**
     * Runs {@code work} in one write transaction: committed when it returns, rolled back when it
     * throws. {@code writes} are those the work will apply, for backends that take locks up front.
     */
    protected abstract <T> T inTransaction(String operation, List<Write> writes, Function<Transaction, T> work);

    protected abstract Optional<User> readUser(UUID id);

    protected abstract Optional<User> readUserByName(String username);

    /** Up to {@code fetch} users with an id above {@code after} (all when null), by id. */
    protected abstract List<User> readUsers(UUID after, int fetch);

    /** The posts of these distinct ids, in their order, leaving out those that do not exist. */
    protected abstract List<Post> readPosts(Set<PostId> distinctIds);

    protected abstract Optional<PostId> readPostByPicture(UUID authorId, String sha256);

    /** The subset of these distinct keys some post refers to. */
    /** Post ids from {@code lowest} to {@code highest} inclusive, in id order, at most {@code limit}. */
    protected abstract List<PostId> readPostIdsBetween(PostId lowest, PostId highest, int limit);

    protected abstract Set<String> readReferencedBlobKeys(List<String> distinctKeys);

    /** Up to {@code fetch} posts of the author, newest first, after the post {@code after} (null: from the start). */
    protected abstract List<Post> readPostsByUser(UUID authorId, UUID after, int fetch);

    /** A nearby hit with the sort key its cursor is made of. */
    public record NearbyRow(NearbyPost post, double chord) {
    }

    /** Up to {@code fetch} rows in (chord, post id) order after {@code after} (null: from the start). */
    protected abstract List<NearbyRow> readNearby(GeoPoint center, double radiusMeters, Cursors.NearbyPosition after,
            int fetch, UUID viewerId);

    protected abstract long readPostCount();

    protected abstract Map<PostId, String> readPlaceNames(Set<PostId> distinctIds);

    protected abstract Optional<Comment> readComment(UUID commentId);

    /** Up to {@code fetch} comments of the post, oldest first, after the comment {@code after} (null: from the start). */
    protected abstract List<Comment> readComments(PostId postId, UUID after, int fetch);

    /** A bookmarked post with the time (microseconds since 1970) it was bookmarked. */
    public record BookmarkRow(Post post, long micros) {
    }

    /** Up to {@code fetch} bookmarks of the user, newest first, after {@code after} (null: from the start). */
    protected abstract List<BookmarkRow> readBookmarks(UUID userId, Cursors.TimeAndId after, int fetch);

    /** Releases the backend's resources; called once. */
    protected abstract void release();

    /** Names the backend in the closed message, e.g. "SQLite database /tmp/x.db". */
    @Override
    public abstract String toString();

    // ---- writes

    @Override
    public final Applied apply(Write write) {
        require(write, "write");
        return applyAll(List.of(write)).get(0);
    }

    @Override
    public final List<Applied> applyAll(List<Write> writes) {
        require(writes, "writes");
        List<Write> list = new ArrayList<>(writes.size());
        for (Write w : writes) {
            list.add(require(w, "write"));
        }
        requireOpen("apply");
        if (list.isEmpty()) {
            return List.of();
        }
        try {
            return inTransaction(describe(list), list, tx -> {
                List<Applied> out = new ArrayList<>(list.size());
                int recorded = 0;
                int i = 0;
                while (i < list.size()) {
                    Class<?> kind = list.get(i) instanceof Write.Reaction ? Write.Reaction.class : list.get(i).getClass();
                    int j = i;
                    while (j < list.size() && kind.isInstance(list.get(j))) {
                        j++;
                    }
                    if (j - i > 1 && kind == Write.CreatePost.class) {
                        List<Write> run = list.subList(i, j);
                        tx.createPosts(run.stream().map(w -> ((Write.CreatePost) w).post()).toList());
                        run.forEach(w -> out.add(Applied.changed(w)));
                    } else if (j - i > 1 && kind == Write.Reaction.class) {
                        out.addAll(tx.react(list.subList(i, j).stream().map(w -> (Write.Reaction) w).toList()));
                    } else {
                        j = i + 1;
                        out.add(tx.apply(list.get(i)));
                    }
                    i = j;
                    // Only here, and only for a write that changed something, does an entry reach the log.
                    for (; recorded < out.size(); recorded++) {
                        Applied applied = out.get(recorded);
                        if (applied.changed() && applied.write().entry() != null) {
                            tx.record(applied.write().entry());
                        }
                    }
                }
                return out;
            });
        } catch (DuplicatePostException e) {
            // A post of this list that the database holds (a redelivered create) was not rolled back.
            if (list.size() > 1 && readPosts(Set.of(e.existingPostId())).isEmpty()) {
                throw sameBatch(list, e);
            }
            throw e;
        }
    }

    /**
     * A duplicate that names a post of the same list, not stored, names a post that was rolled back
     * with the rest; say so, naming the first post of the list with that picture.
     */
    private static DuplicatePostException sameBatch(List<Write> list, DuplicatePostException e) {
        Map<PostId, Post> created = new HashMap<>();
        for (Write w : list) {
            if (w instanceof Write.CreatePost c) {
                created.putIfAbsent(c.post().id(), c.post());
            }
        }
        Post first = created.get(e.existingPostId());
        if (first == null) {
            return e;
        }
        Post repeat = null;
        for (Write w : list) {
            if (w instanceof Write.CreatePost c && c.post() != first
                    && c.post().author().id().equals(first.author().id())
                    && c.post().picture().sha256().equals(first.picture().sha256())) {
                repeat = c.post();
                break;
            }
        }
        DuplicatePostException named = new DuplicatePostException(first.id(), "post "
                + (repeat == null ? first.id() : repeat.id()) + " repeats the picture of post " + first.id()
                + " of the same batch; nothing of the batch was stored");
        named.addSuppressed(e);
        return named;
    }

    private static String describe(List<Write> writes) {
        if (writes.size() == 1) {
            return describe(writes.get(0));
        }
        return "apply " + writes.size() + " writes";
    }

    private static String describe(Write w) {
        return w.accept(new Write.Cases<String, RuntimeException>() {
            @Override
            public String createUser(Write.CreateUser c) {
                return "create user " + c.user().username();
            }

            @Override
            public String setDefaultPrecision(Write.SetDefaultPrecision s) {
                return "set the default location precision of user " + s.userId();
            }

            @Override
            public String createPost(Write.CreatePost c) {
                return "create post " + c.post().id();
            }

            @Override
            public String setTags(Write.SetTags t) {
                return "set tags of post " + t.postId();
            }

            @Override
            public String deletePost(Write.DeletePost d) {
                return "delete post " + d.postId();
            }

            @Override
            public String reaction(Write.Reaction r) {
                return r.verb() + " post " + r.postId() + " as user " + r.userId();
            }

            @Override
            public String addComment(Write.AddComment c) {
                return "add comment to post " + c.comment().postId();
            }

            @Override
            public String removeComment(Write.RemoveComment r) {
                return "remove comment " + r.commentId();
            }

            @Override
            public String setPlaceName(Write.SetPlaceName p) {
                return "set place name of post " + p.postId();
            }

            @Override
            public String setPostPrecision(Write.SetPostPrecision p) {
                return "set the location precision of post " + p.postId();
            }

            @Override
            public String setCaption(Write.SetCaption c) {
                return "set the caption of post " + c.postId();
            }

            @Override
            public String renameUser(Write.RenameUser r) {
                return "rename user " + r.userId() + " to " + r.username();
            }

            @Override
            public String deleteUser(Write.DeleteUser d) {
                return "delete user " + d.userId();
            }
        });
    }

    // ---- reads

    @Override
    public final Optional<User> findUser(UUID id) {
        require(id, "user id");
        requireOpen("findUser");
        return readUser(id);
    }

    @Override
    public final Optional<User> findUserByName(String username) {
        Validation.username(username);
        requireOpen("findUserByName");
        return readUserByName(username);
    }

    @Override
    public final Page<User> users(int limit, String cursor) {
        Page.requireLimit(limit);
        UUID after = cursor == null ? null : Cursors.parseAfterId(cursor);
        requireOpen("users");
        if (limit == 0) {
            return Page.empty();
        }
        return page(readUsers(after, limit + 1), limit, u -> Cursors.afterId(u.id()), u -> u);
    }

    @Override
    public final Optional<Post> findPost(PostId id) {
        require(id, "post id");
        requireOpen("findPost");
        List<Post> found = readPosts(Set.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public final List<Post> findPosts(Collection<PostId> ids) {
        Set<PostId> distinct = distinct(ids, "post ids", "post id");
        requireOpen("findPosts");
        return distinct.isEmpty() ? List.of() : readPosts(distinct);
    }

    @Override
    public final Optional<PostId> findPostByPicture(UUID authorId, String sha256) {
        require(authorId, "author id");
        Validation.sha256(sha256);
        requireOpen("findPostByPicture");
        return readPostByPicture(authorId, sha256);
    }

    @Override
    public final List<PostId> postIdsStartingWith(String prefix, int limit) {
        Page.requireLimit(limit);
        PostId lowest = PostId.lowestWithPrefix(prefix);
        PostId highest = PostId.highestWithPrefix(prefix);
        requireOpen("postIdsStartingWith");
        return limit == 0 ? List.of() : readPostIdsBetween(lowest, highest, limit);
    }

    @Override
    public final boolean isBlobReferenced(String blobKey) {
        if (blobKey == null || blobKey.isBlank()) {
            throw new InvalidInputException("blob key must not be empty");
        }
        requireOpen("isBlobReferenced");
        return !readReferencedBlobKeys(List.of(blobKey)).isEmpty();
    }

    @Override
    public final Set<String> referencedBlobKeys(Collection<String> blobKeys) {
        Set<String> distinct = distinct(blobKeys, "blob keys", "blob key");
        requireOpen("referencedBlobKeys");
        return distinct.isEmpty() ? Set.of() : readReferencedBlobKeys(List.copyOf(distinct));
    }

    @Override
    public final Page<Post> postsByUser(UUID authorId, int limit, String cursor) {
        require(authorId, "author id");
        Page.requireLimit(limit);
        UUID after = cursor == null ? null : Cursors.parseAfterId(cursor);
        requireOpen("postsByUser");
        if (limit == 0) {
            return Page.empty();
        }
        return page(readPostsByUser(authorId, after, limit + 1), limit, p -> Cursors.afterPost(p.id()), p -> p);
    }

    @Override
    public final Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor,
            UUID viewerId) {
        require(center, "centre");
        SphericalGeometry.requireRadius(radiusMeters);
        Page.requireLimit(limit);
        Cursors.NearbyPosition after = cursor == null ? null : Cursors.parseNearby(cursor);
        requireOpen("nearby");
        if (limit == 0) {
            return Page.empty();
        }
        return page(readNearby(center, radiusMeters, after, limit + 1, viewerId), limit,
                r -> Cursors.nearby(r.chord(), r.post().post().id().value()), NearbyRow::post);
    }

    @Override
    public final long countPosts() {
        requireOpen("countPosts");
        return readPostCount();
    }

    @Override
    public final Map<PostId, String> placeNames(Collection<PostId> postIds) {
        Set<PostId> distinct = distinct(postIds, "post ids", "post id");
        requireOpen("placeNames");
        return distinct.isEmpty() ? Map.of() : readPlaceNames(distinct);
    }

    @Override
    public final Optional<Comment> findComment(UUID commentId) {
        require(commentId, "comment id");
        requireOpen("findComment");
        return readComment(commentId);
    }

    @Override
    public final Page<Comment> comments(PostId postId, int limit, String cursor) {
        require(postId, "post id");
        Page.requireLimit(limit);
        UUID after = cursor == null ? null : Cursors.parseAfterId(cursor);
        requireOpen("comments");
        if (limit == 0) {
            return Page.empty();
        }
        return page(readComments(postId, after, limit + 1), limit, c -> Cursors.afterId(c.id()), c -> c);
    }

    @Override
    public final Page<Post> bookmarks(UUID userId, int limit, String cursor) {
        require(userId, "user id");
        Page.requireLimit(limit);
        Cursors.TimeAndId after = cursor == null ? null : Cursors.parseAfterTimeAndId(cursor);
        requireOpen("bookmarks");
        if (limit == 0) {
            return Page.empty();
        }
        return page(readBookmarks(userId, after, limit + 1), limit,
                r -> Cursors.afterTimeAndId(r.micros(), r.post().id().value()), BookmarkRow::post);
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    /** @throws ClosedException once {@link #close()} was called */
    protected final void requireOpen(String operation) {
        if (closed) {
            throw closed(toString(), operation);
        }
    }

    /** The one use-after-close failure, shared with the cache tier. */
    public static ClosedException closed(String what, String operation) {
        return new ClosedException(what + ": " + operation + " failed: the service is closed");
    }

    // ---- helpers

    /** Rows were fetched with limit + 1; the extra row only proves that another page exists. */
    private static <R, T> Page<T> page(List<R> rows, int limit, Function<R, String> cursorOf, Function<R, T> item) {
        if (rows.size() <= limit) {
            return new Page<>(rows.stream().map(item).toList(), null);
        }
        List<R> kept = rows.subList(0, limit);
        return new Page<>(kept.stream().map(item).toList(), cursorOf.apply(kept.get(limit - 1)));
    }

    private static <T> Set<T> distinct(Collection<T> values, String what, String each) {
        require(values, what);
        Set<T> out = new LinkedHashSet<>();
        for (T v : values) {
            out.add(require(v, each));
        }
        return out;
    }

    public static <T> T require(T value, String what) {
        if (value == null) {
            throw new InvalidInputException(what + " must not be null");
        }
        return value;
    }
}
