package dev.tanken.internal;

import dev.tanken.ForbiddenException;
import dev.tanken.model.Comment;
import dev.tanken.model.Post;
import dev.tanken.model.UserRef;
import java.util.UUID;

/**
 * Who may do what, in one place: a post's author edits and deletes it, names its place and sees its
 * original picture; a comment goes away by its author or the post's author. Location privacy,
 * which decides what a viewer sees rather than what a user may do, is {@link Post#seenBy}.
 */
public final class Authorization {
    private Authorization() {
    }

    /**
     * @param user the acting user, null when the caller is not a known user (who may do nothing here)
     * @param username the name the caller gave, for the message
     * @param what what the caller wanted to do, e.g. "delete"
     * @throws ForbiddenException unless {@code user} wrote {@code post}
     */
    public static void requireAuthor(Post post, UserRef user, String username, String what) {
        if (user == null || !user.id().equals(post.author().id())) {
            throw new ForbiddenException("only the post's author (" + post.author().username() + ") may " + what
                    + " post " + post.id() + "; '" + username + "' may not");
        }
    }

    /** @throws ForbiddenException unless {@code user} wrote the comment or the post it is on */
    public static void requireCommentRemover(Comment comment, Post post, UserRef user, String username) {
        boolean allowed = user != null
                && (user.id().equals(comment.author().id()) || user.id().equals(post.author().id()));
        if (!allowed) {
            throw new ForbiddenException("only the comment's author (" + comment.author().username()
                    + ") or the post's author (" + post.author().username() + ") may delete comment " + comment.id()
                    + "; '" + username + "' may not");
        }
    }

    /** @throws ForbiddenException unless {@code viewerId} wrote the post: originals keep the photo's GPS */
    public static void requireOriginalViewer(Post post, UUID viewerId) {
        if (!post.isAuthor(viewerId)) {
            throw new ForbiddenException("the original picture of post " + post.id() + " is private to its author "
                    + post.author().username() + "; ask for the thumb or large size");
        }
    }

    /** Whether {@code viewerId} may see the post's original picture. */
    public static boolean mayOpenOriginal(Post post, UUID viewerId) {
        return post.isAuthor(viewerId);
    }
}
