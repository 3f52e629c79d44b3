package dev.tanken.db;

import dev.tanken.InvalidInputException;
import dev.tanken.model.Post;
import java.util.Optional;

/**
 * What applying a {@link Write} did.
 *
 * @param write the write
 * @param changed whether it changed something (and so recorded its activity entry, if it carries
 *     one); false for a no-op such as a repeated like or the delete of a missing post
 * @param queued true when a cache tier under write-back accepted the write without applying it yet:
 *     {@code changed} is then true and only says that the write was recorded; the database decides
 *     at flush time
 * @param deleted for a {@link Write.DeletePost} that deleted something, the post as it was
 */
public record Applied(Write write, boolean changed, boolean queued, Optional<Post> deleted) {
    public Applied {
        if (write == null) {
            throw new InvalidInputException("write must not be null");
        }
        if (deleted == null) {
            deleted = Optional.empty();
        }
        if (deleted.isPresent() && !(write instanceof Write.DeletePost)) {
            throw new InvalidInputException("only a delete has a deleted post");
        }
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

    /** Accepted by a write-back queue, to be applied by the flusher. */
    public static Applied queued(Write write) {
        return new Applied(write, true, true, Optional.empty());
    }
}
