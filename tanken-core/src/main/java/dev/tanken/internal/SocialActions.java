package dev.tanken.internal;

import dev.tanken.NotFoundException;
import dev.tanken.blob.BlobStore;
import dev.tanken.db.Applied;
import dev.tanken.db.UserRemoval;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.model.Comment;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.model.Validation;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Likes, bookmarks, comments, tag edits and deletions on behalf of a user, with their
 * authorisation rules and activity entries. Counters and idempotence are the database's job (each
 * call is one transaction there); this class decides who may do what and what gets recorded.
 */
public final class SocialActions {
    private static final Logger LOG = LoggerFactory.getLogger(SocialActions.class);

    private final DatabaseService db;
    private final BlobStore blobs;
    private final Consumer<Post> afterDelete;

    /**
     * @param afterDelete runs after a post and its blob are gone, for copies held elsewhere (cached
     *     entries, derived images); failures there are logged, not thrown: the post is deleted
     */
    public SocialActions(DatabaseService db, BlobStore blobs, Consumer<Post> afterDelete) {
        this.db = db;
        this.blobs = blobs;
        this.afterDelete = afterDelete;
    }

    /**
     * A like, unlike, bookmark or unbookmark of {@code user}: changed when the database added or
     * removed the row, queued (and not yet known to change anything) under write-back.
     */
    public Applied react(Write.Reaction reaction, UserRef user) {
        Post post = requirePost(reaction.postId());
        return db.apply(ActivityEntries.reaction(reaction, user, post));
    }

    public Comment comment(UserRef user, PostId postId, String text) {
        Post post = requirePost(postId);
        Comment comment = Comment.create(postId, user, Validation.typedText(text, "comment"));
        db.apply(new Write.AddComment(comment, ActivityEntries.commentAdded(comment, post)));
        return comment;
    }

    /**
     * Deletes a comment; allowed to its author and to the author of the post it is on.
     *
     * @param user null when the caller is not a known user (who may then delete nothing)
     */
    public Comment deleteComment(UserRef user, String username, UUID commentId) {
        Comment comment = db.findComment(commentId)
                .orElseThrow(() -> new NotFoundException("comment " + commentId + " does not exist"));
        Post post = requirePost(comment.postId());
        Authorization.requireCommentRemover(comment, post, user, username);
        Applied removed = db.apply(new Write.RemoveComment(commentId,
                ActivityEntries.commentRemoved(user, comment, post)));
        if (!removed.changed() && !removed.queued()) {
            throw new NotFoundException("comment " + commentId + " does not exist (deleted meanwhile)");
        }
        return comment;
    }

    /** Replaces a post's tags; only its author may. Returns the post as it is now. */
    public Post setTags(UserRef user, String username, PostId postId, Collection<String> tags) {
        List<String> normalised = Validation.tags(tags);
        Post post = requireAuthor(user, username, postId, "change the tags of");
        db.apply(new Write.SetTags(postId, normalised, ActivityEntries.tagsSet(user, post, normalised)));
        return db.findPost(postId).orElseThrow(() -> new NotFoundException("post " + postId + " does not exist"));
    }

    /**
     * Changes how precisely others are shown a post's location; only its author may. Returns the
     * post as it is now (the author's view: exact).
     */
    public Post setPrecision(UserRef user, String username, PostId postId, LocationPrecision precision) {
        if (precision == null) {
            throw new dev.tanken.InvalidInputException("location precision must not be null");
        }
        Post post = requireAuthor(user, username, postId, "change the location precision of");
        db.apply(new Write.SetPostPrecision(postId, precision, ActivityEntries.postPrecisionSet(user, post, precision)));
        return db.findPost(postId).orElseThrow(() -> new NotFoundException("post " + postId + " does not exist"));
    }

    /**
     * Replaces a post's caption (checked as an upload's is; null or blank removes it); only its
     * author may. Returns the post as it is now.
     */
    public Post setCaption(UserRef user, String username, PostId postId, String caption) {
        Write.SetCaption write = new Write.SetCaption(postId, caption);
        Post post = requireAuthor(user, username, postId, "change the caption of");
        db.apply(write.withEntry(ActivityEntries.captionSet(user, post, write.caption())));
        return db.findPost(postId).orElseThrow(() -> new NotFoundException("post " + postId + " does not exist"));
    }

    /**
     * Deletes a post with its comments, likes, bookmarks and tags (one transaction, with its
     * entry), then its picture unless another post shares that blob, then copies held elsewhere.
     * Only the post's author may.
     */
    public Post deletePost(UserRef user, String username, PostId postId) {
        Post post = requireAuthor(user, username, postId, "delete");
        Applied applied = db.apply(new Write.DeletePost(postId, ActivityEntries.postDeleted(user, post)));
        Post gone = applied.deleted().orElseThrow(() -> new NotFoundException("post " + postId
                + " does not exist (deleted meanwhile)"));
        // Under write-back the database may still hold the post: its blobs then stay, for blob GC.
        removeBlobsIfUnused(gone);
        try {
            afterDelete.accept(gone);
        } catch (RuntimeException e) {
            LOG.warn("post {} is deleted, but removing its other copies failed: {}", postId, e.getMessage());
        }
        return gone;
    }

    /**
     * Deletes a user with their posts, comments, likes and bookmarks (one transaction, with its
     * entry), then the pictures of those posts that no other post uses, then copies held elsewhere.
     *
     * @throws NotFoundException if the user was deleted meanwhile
     */
    public UserRemoval deleteUser(User user) {
        Applied applied = db.apply(new Write.DeleteUser(user.id(), ActivityEntries.userDeleted(user)));
        UserRemoval removal = applied.removal().orElseThrow(() -> new NotFoundException("user '" + user.username()
                + "' does not exist (deleted meanwhile)"));
        for (Post post : removal.posts()) {
            removeBlobsIfUnused(post);
            try {
                afterDelete.accept(post);
            } catch (RuntimeException e) {
                LOG.warn("post {} is deleted, but removing its other copies failed: {}", post.id(), e.getMessage());
            }
        }
        return removal;
    }

    /**
     * Removes the post's picture and its served copies (thumbnail, large) that no other post uses.
     * Blobs are content-addressed and shared by posts of the same bytes. An upload of the same
     * bytes racing with this check re-writes its blobs after its insert (see PhotoUploader), so the
     * check-then-delete cannot leave a post without its picture.
     */
    private void removeBlobsIfUnused(Post post) {
        List<String> keys = post.blobKeys();
        try {
            Set<String> stillUsed = db.referencedBlobKeys(keys);
            for (String key : keys) {
                if (!stillUsed.contains(key)) {
                    blobs.delete(key);
                }
            }
        } catch (RuntimeException e) {
            // The post is gone; unreferenced blobs are harmless and found by blob garbage collection.
            LOG.warn("post {} is deleted, but its blobs {} could not all be removed: {}", post.id(), keys,
                    e.getMessage());
        }
    }

    private Post requireAuthor(UserRef user, String username, PostId postId, String what) {
        Post post = requirePost(postId);
        Authorization.requireAuthor(post, user, username, what);
        return post;
    }

    private Post requirePost(PostId postId) {
        if (postId == null) {
            throw new dev.tanken.InvalidInputException("post id must not be null");
        }
        return db.findPost(postId).orElseThrow(() -> new NotFoundException("post " + postId + " does not exist"));
    }
}
