package dev.tanken;

import dev.tanken.db.Write;
import dev.tanken.model.PostId;
import java.util.UUID;

/** What a user does to a post with {@link Tanken#react}: like it, take the like back, bookmark it, or not. */
public enum ReactionKind {
    LIKE(true, true), UNLIKE(false, true), BOOKMARK(true, false), UNBOOKMARK(false, false);

    private final boolean adds;
    private final boolean isLike;

    ReactionKind(boolean adds, boolean isLike) {
        this.adds = adds;
        this.isLike = isLike;
    }

    /** True for a like or a bookmark, which add something; false for the two that take it back. */
    public boolean adds() {
        return adds;
    }

    /** This reaction as a write on {@code postId} by {@code userId}, recording no entry yet. */
    public Write.Reaction of(PostId postId, UUID userId) {
        return Write.Reaction.of(adds, isLike, postId, userId, null);
    }
}
