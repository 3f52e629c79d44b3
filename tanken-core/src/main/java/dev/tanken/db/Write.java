package dev.tanken.db;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.model.Comment;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.Validation;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * One change to the system of record, as a value: what {@link DatabaseService#apply} applies, what
 * {@link DatabaseService#applyAll} applies in one transaction, and what the cache tier's write-back
 * queue stores. Every write is validated when it is constructed, so an invalid one never reaches a
 * backend or a queue.
 *
 * <p>Each write may carry the {@link ActivityEntry} that describes it. The entry is appended to the
 * activity log in the same transaction as the change, and only when the change did something (see
 * {@link Applied#changed()}): a repeated like, an unlike without a like or a delete of a missing post
 * records nothing. A null entry records nothing.
 *
 * <p>The hierarchy is sealed, and every place that applies, encodes or replays writes does so
 * through {@link Cases}, the exhaustive switch of this Java release: a new kind of write is a new
 * method there, and the compiler then names every place that must handle it.
 */
public sealed interface Write permits Write.CreateUser, Write.SetDefaultPrecision, Write.CreatePost, Write.SetTags,
        Write.DeletePost, Write.Reaction, Write.AddComment, Write.RemoveComment, Write.SetPlaceName, Write.SetPostPrecision,
        Write.SetCaption, Write.RenameUser, Write.DeleteUser {

    /** The entry recorded when this write changes something; null records nothing. */
    ActivityEntry entry();

    /** The same write recording {@code entry} instead (null: recording nothing). */
    Write withEntry(ActivityEntry entry);

    /** The activity-log action that names this kind of write ({@link dev.tanken.activity.Actions}). */
    default String action() {
        return accept(WriteActions.INSTANCE);
    }

    /** Calls the method of {@code cases} for this kind of write. */
    <R, X extends Exception> R accept(Cases<R, X> cases) throws X;

    /**
     * One method per kind of write; likes, unlikes, bookmarks and unbookmarks share {@link #reaction},
     * since they differ only in {@link Reaction#adds()} and {@link Reaction#isLike()}.
     *
     * @param <R> what each case returns
     * @param <X> the checked exception the cases may throw ({@link RuntimeException} for none)
     */
    interface Cases<R, X extends Exception> {
        R createUser(CreateUser w) throws X;

        R setDefaultPrecision(SetDefaultPrecision w) throws X;

        R createPost(CreatePost w) throws X;

        R setTags(SetTags w) throws X;

        R deletePost(DeletePost w) throws X;

        R reaction(Reaction w) throws X;

        R addComment(AddComment w) throws X;

        R removeComment(RemoveComment w) throws X;

        R setPlaceName(SetPlaceName w) throws X;

        R setPostPrecision(SetPostPrecision w) throws X;

        R setCaption(SetCaption w) throws X;

        R renameUser(RenameUser w) throws X;

        R deleteUser(DeleteUser w) throws X;
    }

    /** Inserts a user. Fails with {@link dev.tanken.ConflictException} if the username or id is taken. */
    record CreateUser(User user, ActivityEntry entry) implements Write {
        public CreateUser {
            require(user, "user");
        }

        public CreateUser(User user) {
            this(user, null);
        }

        @Override
        public CreateUser withEntry(ActivityEntry entry) {
            return new CreateUser(user, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.createUser(this);
        }
    }

    /**
     * Sets the precision a user's uploads get when the upload does not choose one. Changes something
     * only when the user had another one. Fails with {@link dev.tanken.NotFoundException} for an
     * unknown user.
     */
    record SetDefaultPrecision(UUID userId, LocationPrecision precision, ActivityEntry entry) implements Write {
        public SetDefaultPrecision {
            require(userId, "user id");
            require(precision, "location precision");
        }

        public SetDefaultPrecision(UUID userId, LocationPrecision precision) {
            this(userId, precision, null);
        }

        @Override
        public SetDefaultPrecision withEntry(ActivityEntry entry) {
            return new SetDefaultPrecision(userId, precision, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.setDefaultPrecision(this);
        }
    }

    /**
     * Inserts a post with its tags and picture variants. Its counters must be zero and its location
     * set (whatever its precision). Fails with {@link dev.tanken.NotFoundException} if the author does
     * not exist and with {@link dev.tanken.DuplicatePostException} if the author already posted the
     * same picture (same SHA-256).
     */
    record CreatePost(Post post, ActivityEntry entry) implements Write {
        public CreatePost {
            require(post, "post");
            require(post.location(), "post location");
            if (post.likes() != 0 || post.bookmarks() != 0 || post.comments() != 0) {
                throw new InvalidInputException("a new post must have zero likes, bookmarks and comments, got post "
                        + post.id() + " with " + post.likes() + ", " + post.bookmarks() + " and " + post.comments());
            }
        }

        public CreatePost(Post post) {
            this(post, null);
        }

        @Override
        public CreatePost withEntry(ActivityEntry entry) {
            return new CreatePost(post, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.createPost(this);
        }
    }

    /**
     * Replaces a post's tags; {@code tags} are normalised ({@link Validation#tags}). Changes something
     * only when the set differs from the stored one. Fails with {@link dev.tanken.NotFoundException}
     * for an unknown post.
     */
    record SetTags(PostId postId, List<String> tags, ActivityEntry entry) implements Write {
        public SetTags {
            require(postId, "post id");
            require(tags, "tags");
            tags = Validation.tags(tags);
        }

        public SetTags(PostId postId, Collection<String> tags) {
            this(postId, tags == null ? null : new java.util.ArrayList<>(tags), null);
        }

        @Override
        public SetTags withEntry(ActivityEntry entry) {
            return new SetTags(postId, tags, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.setTags(this);
        }
    }

    /** Deletes a post with its tags, likes, bookmarks, comments and place name; a missing post is a no-op. */
    record DeletePost(PostId postId, ActivityEntry entry) implements Write {
        public DeletePost {
            require(postId, "post id");
        }

        public DeletePost(PostId postId) {
            this(postId, null);
        }

        @Override
        public DeletePost withEntry(ActivityEntry entry) {
            return new DeletePost(postId, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.deletePost(this);
        }
    }

    /**
     * A like, unlike, bookmark or unbookmark: idempotent, and changing something only when a row was
     * really added or removed, so counters always equal rows. Fails with {@link
     * dev.tanken.NotFoundException} if the post or the user does not exist (also for a no-op, so that
     * a mistyped id is never taken for success).
     */
    sealed interface Reaction extends Write permits Like, Unlike, Bookmark, Unbookmark {
        PostId postId();

        UUID userId();

        /** True for a like or a bookmark, which add a row; false for the two that remove one. */
        default boolean adds() {
            return this instanceof Like || this instanceof Bookmark;
        }

        /** True for a like or an unlike, which change the post's likes; false for bookmarks. */
        default boolean isLike() {
            return this instanceof Like || this instanceof Unlike;
        }

        @Override
        Reaction withEntry(ActivityEntry entry);

        /** "like", "unlike", "bookmark" or "unbookmark". */
        default String verb() {
            return (adds() ? "" : "un") + (isLike() ? "like" : "bookmark");
        }

        /** The reaction of this kind on another post, by another user, recording {@code entry}. */
        static Reaction of(boolean adds, boolean isLike, PostId postId, UUID userId, ActivityEntry entry) {
            if (isLike) {
                return adds ? new Like(postId, userId, entry) : new Unlike(postId, userId, entry);
            }
            return adds ? new Bookmark(postId, userId, entry) : new Unbookmark(postId, userId, entry);
        }
    }

    record Like(PostId postId, UUID userId, ActivityEntry entry) implements Reaction {
        public Like {
            requireReaction(postId, userId);
        }

        public Like(PostId postId, UUID userId) {
            this(postId, userId, null);
        }

        @Override
        public Like withEntry(ActivityEntry entry) {
            return new Like(postId, userId, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.reaction(this);
        }
    }

    record Unlike(PostId postId, UUID userId, ActivityEntry entry) implements Reaction {
        public Unlike {
            requireReaction(postId, userId);
        }

        public Unlike(PostId postId, UUID userId) {
            this(postId, userId, null);
        }

        @Override
        public Unlike withEntry(ActivityEntry entry) {
            return new Unlike(postId, userId, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.reaction(this);
        }
    }

    record Bookmark(PostId postId, UUID userId, ActivityEntry entry) implements Reaction {
        public Bookmark {
            requireReaction(postId, userId);
        }

        public Bookmark(PostId postId, UUID userId) {
            this(postId, userId, null);
        }

        @Override
        public Bookmark withEntry(ActivityEntry entry) {
            return new Bookmark(postId, userId, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.reaction(this);
        }
    }

    record Unbookmark(PostId postId, UUID userId, ActivityEntry entry) implements Reaction {
        public Unbookmark {
            requireReaction(postId, userId);
        }

        public Unbookmark(PostId postId, UUID userId) {
            this(postId, userId, null);
        }

        @Override
        public Unbookmark withEntry(ActivityEntry entry) {
            return new Unbookmark(postId, userId, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.reaction(this);
        }
    }

    /**
     * Adds a comment (its post's counter rises by one). Fails with {@link dev.tanken.NotFoundException}
     * if the post or the author does not exist and with {@link dev.tanken.ConflictException} if the
     * comment id is taken.
     */
    record AddComment(Comment comment, ActivityEntry entry) implements Write {
        public AddComment {
            require(comment, "comment");
        }

        public AddComment(Comment comment) {
            this(comment, null);
        }

        @Override
        public AddComment withEntry(ActivityEntry entry) {
            return new AddComment(comment, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.addComment(this);
        }
    }

    /** Removes a comment (its post's counter drops by one); a missing comment is a no-op. */
    record RemoveComment(UUID commentId, ActivityEntry entry) implements Write {
        public RemoveComment {
            require(commentId, "comment id");
        }

        public RemoveComment(UUID commentId) {
            this(commentId, null);
        }

        @Override
        public RemoveComment withEntry(ActivityEntry entry) {
            return new RemoveComment(commentId, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.removeComment(this);
        }
    }

    /**
     * Sets the place name a user chose for a post, overriding the gazetteer's; a null name removes
     * the override. The name must pass {@link Validation#placeName} and is stored stripped. Changes
     * something only when the stored name differs. Fails with {@link dev.tanken.NotFoundException}
     * for an unknown post.
     */
    record SetPlaceName(PostId postId, String placeName, ActivityEntry entry) implements Write {
        public SetPlaceName {
            require(postId, "post id");
            placeName = placeName == null ? null : Validation.placeName(placeName);
        }

        public SetPlaceName(PostId postId, String placeName) {
            this(postId, placeName, null);
        }

        @Override
        public SetPlaceName withEntry(ActivityEntry entry) {
            return new SetPlaceName(postId, placeName, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.setPlaceName(this);
        }
    }

    /**
     * Changes how precisely a post's location is shown to everyone but its author, as the upload's
     * precision did: the stored position stays exact, what others are shown (and where nearby
     * searches find the post) follows the new precision. Changes something only when the post had
     * another one. Fails with {@link dev.tanken.NotFoundException} for an unknown post.
     */
    record SetPostPrecision(PostId postId, LocationPrecision precision, ActivityEntry entry) implements Write {
        public SetPostPrecision {
            require(postId, "post id");
            require(precision, "location precision");
        }

        public SetPostPrecision(PostId postId, LocationPrecision precision) {
            this(postId, precision, null);
        }

        @Override
        public SetPostPrecision withEntry(ActivityEntry entry) {
            return new SetPostPrecision(postId, precision, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.setPostPrecision(this);
        }
    }

    /**
     * Replaces a post's caption, checked as an upload's is (typed text: no control characters but
     * line breaks and tabs; NFC; at most {@link Validation#MAX_CAPTION_LENGTH} characters); null or
     * blank leaves the post without one (an empty caption). Changes something only when the stored
     * caption differs. Fails with {@link dev.tanken.NotFoundException} for an unknown post.
     */
    record SetCaption(PostId postId, String caption, ActivityEntry entry) implements Write {
        public SetCaption {
            require(postId, "post id");
            caption = caption == null || caption.isBlank() ? ""
                    : Validation.caption(Validation.typedText(caption, "caption"));
        }

        public SetCaption(PostId postId, String caption) {
            this(postId, caption, null);
        }

        @Override
        public SetCaption withEntry(ActivityEntry entry) {
            return new SetCaption(postId, caption, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.setCaption(this);
        }
    }

    /**
     * Gives a user another username, which must pass {@link Validation#username}. Posts and comments
     * show the new name (they refer to the user by id); activity entries keep the name they were
     * recorded with. Changes something only when the name differs. Fails with {@link
     * dev.tanken.NotFoundException} for an unknown user and {@link dev.tanken.ConflictException} if
     * another user has the name.
     */
    record RenameUser(UUID userId, String username, ActivityEntry entry) implements Write {
        public RenameUser {
            require(userId, "user id");
            Validation.username(username);
        }

        public RenameUser(UUID userId, String username) {
            this(userId, username, null);
        }

        @Override
        public RenameUser withEntry(ActivityEntry entry) {
            return new RenameUser(userId, username, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.renameUser(this);
        }
    }

    /**
     * Deletes a user with everything that is theirs, in one transaction: their posts (with the tags,
     * variants, place names, comments, likes and bookmarks on them), and their comments, likes and
     * bookmarks on other users' posts, whose counters drop to match. Activity entries stay: they are
     * the history of what happened. Blobs are not the database's: the caller removes those of {@link
     * Applied#removal()}'s posts. A missing user is a no-op.
     */
    record DeleteUser(UUID userId, ActivityEntry entry) implements Write {
        public DeleteUser {
            require(userId, "user id");
        }

        public DeleteUser(UUID userId) {
            this(userId, null);
        }

        @Override
        public DeleteUser withEntry(ActivityEntry entry) {
            return new DeleteUser(userId, entry);
        }

        @Override
        public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
            return cases.deleteUser(this);
        }
    }

    private static void requireReaction(PostId postId, UUID userId) {
        require(postId, "reaction post id");
        require(userId, "reaction user id");
    }

    private static void require(Object value, String what) {
        if (value == null) {
            throw new InvalidInputException(what + " must not be null");
        }
    }
}
