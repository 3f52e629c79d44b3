package dev.tanken.model;

import com.github.f4b6a3.uuid.UuidCreator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/** A comment on a post. Its id is a UUIDv7, so comments sort by creation time. */
public record Comment(UUID id, PostId postId, UserRef author, Instant createdAt, String text) {

    public Comment {
        Objects.requireNonNull(id, "comment id");
        Objects.requireNonNull(postId, "post id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdAt, "createdAt");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        text = Validation.commentText(text);
    }

    public static Comment create(PostId postId, UserRef author, String text) {
        return new Comment(UuidCreator.getTimeOrderedEpoch(), postId, author, Instant.now(), text);
    }
}
