package dev.tanken.seed.internal;

import java.util.List;
import java.util.UUID;

/**
 * Bulk insertion of likes and comments for posts that already exist, bypassing the per-call
 * {@code DatabaseService} methods (one round trip and transaction each). Each chunk also sets the
 * counters of its posts, in the same transaction, so counters always match the rows.
 */
public interface SocialLoader extends AutoCloseable {
    record Like(UUID postId, UUID userId, long createdMicros) {
    }

    record NewComment(UUID id, UUID postId, UUID authorId, long createdMicros, String text) {
    }

    /** Inserts the rows and sets likes/comments counters of {@code posts} (all the chunk's posts). */
    void load(List<UUID> posts, List<Like> likes, List<NewComment> comments);

    @Override
    void close();
}
