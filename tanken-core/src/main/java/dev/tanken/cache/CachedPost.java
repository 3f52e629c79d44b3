package dev.tanken.cache;

import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.util.Objects;

/**
 * What the cache holds for one post id.
 *
 * @param post for {@link State#HIT} the post with its counters; for {@link State#DETAILS_ONLY}
 *     the post's details with zero counters (the counters must come from the database); else null
 */
public record CachedPost(PostId id, State state, Post post) {
    public enum State {
        /** Details and counters are cached. */
        HIT,
        /** Details are cached (possibly a write-back change not yet in the database), counters not. */
        DETAILS_ONLY,
        /** A write-back delete is pending: the post must read as absent. */
        DELETED,
        /** Nothing usable is cached. */
        MISS
    }

    public CachedPost {
        Objects.requireNonNull(id, "post id");
        Objects.requireNonNull(state, "state");
    }
}
