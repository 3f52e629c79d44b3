package dev.tanken.db;

import dev.tanken.InvalidInputException;
import dev.tanken.model.Post;
import java.util.Optional;

/**
 * What applying a {@link Write} did.
 *
 * @param write the write
 * @param changed whether it changed something (and so recorded its activity entry, if it carries
 *     one); false for a no-op such as a repeated like or the delete of a missing post, and false
 *     for a queued write, whose outcome is not known yet
 * @param queued true when a cache tier under write-back recorded the write without applying it yet:
 *     the database decides at flush time whether it changes anything (and only then records its
 *     activity entry); a queued write is never {@code changed}
 * @param deleted for a {@link Write.DeletePost} that deleted something, the post as it was; for a
 *     queued delete, the post as it was when the delete was queued
 * @param removal for a {@link Write.DeleteUser} that deleted the user, what went with it
 */
public record Applied(Write write, boolean changed, boolean queued, Optional<Post> deleted,
        Optional<UserRemoval> removal) {
    public Applied {
        if (removal == null) {
            removal = Optional.empty();
        }
        if (removal.isPresent() && !(write instanceof Write.DeleteUser)) {
            throw new InvalidInputException("only a user deletion has a user removal");
        }
        if (write == null) {
            throw new InvalidInputException("write must not be null");
        }
        if (deleted == null) {
            deleted = Optional.empty();
        }
        if (changed && queued) {
            throw new InvalidInputException("a queued write has not changed anything yet");
        }
        if (deleted.isPresent() && !(write instanceof Write.DeletePost)) {
            throw new InvalidInputException("only a delete has a deleted post");
        }
    }

    public Applied(Write write, boolean changed, boolean queued, Optional<Post> deleted) {
        this(write, changed, queued, deleted, Optional.empty());
    }

    /** A user deletion: changed when {@code removal} says what it removed. */
    public static Applied userDeleted(Write.DeleteUser write, Optional<UserRemoval> removal) {
        return new Applied(write, removal.isPresent(), false, Optional.empty(), removal);
    }

    public static Applied changed(Write write) {
        return new Applied(write, true, false, Optional.empty());
    }

    public static Applied unchanged(Write write) {
        return new Applied(write, false, false, Optional.empty());
    }

    public static Applied of(Write write, boolean changed) {
        return new Applied(write, changed, false, Optional.empty());
    }

    /** A delete: changed when {@code deleted} holds the post it removed. */
    public static Applied deleted(Write.DeletePost write, Optional<Post> deleted) {
        return new Applied(write, deleted.isPresent(), false, deleted);
    }

    /** Recorded by a write-back queue, to be applied by the flusher: nothing is known to have changed. */
    public static Applied queued(Write write) {
        return new Applied(write, false, true, Optional.empty());
    }

    /** A delete recorded by a write-back queue; {@code current} is the post as the tier showed it. */
    public static Applied queuedDelete(Write.DeletePost write, Post current) {
        return new Applied(write, false, true, Optional.of(current));
    }
}
