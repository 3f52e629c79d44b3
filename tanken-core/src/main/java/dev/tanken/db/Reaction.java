package dev.tanken.db;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.model.PostId;
import java.util.UUID;

/**
 * One like, unlike, bookmark or unbookmark for {@link DatabaseService#react}: what the single call
 * of the same name would do, with the activity entry its recording overload would take.
 *
 * @param entry appended to the activity log when the reaction changes something; null records nothing
 */
public record Reaction(Kind kind, PostId postId, UUID userId, ActivityEntry entry) {

    /** The four single calls a reaction stands for. */
    public enum Kind {
        LIKE, UNLIKE, BOOKMARK, UNBOOKMARK;

        /** True for LIKE and BOOKMARK, which add a row; false for the two that remove one. */
        public boolean adds() {
            return this == LIKE || this == BOOKMARK;
        }

        /** True for LIKE and UNLIKE, which change the post's likes; false for bookmarks. */
        public boolean isLike() {
            return this == LIKE || this == UNLIKE;
        }
    }

    public Reaction {
        if (kind == null) {
            throw new InvalidInputException("reaction kind must not be null");
        }
        if (postId == null) {
            throw new InvalidInputException("reaction post id must not be null");
        }
        if (userId == null) {
            throw new InvalidInputException("reaction user id must not be null");
        }
    }

    public static Reaction like(PostId postId, UUID userId) {
        return new Reaction(Kind.LIKE, postId, userId, null);
    }

    public static Reaction unlike(PostId postId, UUID userId) {
        return new Reaction(Kind.UNLIKE, postId, userId, null);
    }

    public static Reaction bookmark(PostId postId, UUID userId) {
        return new Reaction(Kind.BOOKMARK, postId, userId, null);
    }

    public static Reaction unbookmark(PostId postId, UUID userId) {
        return new Reaction(Kind.UNBOOKMARK, postId, userId, null);
    }

    /** The same reaction recording {@code newEntry} (null: recording nothing). */
    public Reaction withEntry(ActivityEntry newEntry) {
        return new Reaction(kind, postId, userId, newEntry);
    }
}
