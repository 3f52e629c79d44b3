package dev.tanken;

import dev.tanken.model.Post;
import java.util.Objects;

/**
 * Outcome of an upload that did not fail: the post was created; or, under write-back, queued (the
 * database stores it when the queue is flushed; the picture is not a duplicate of any post, stored or
 * queued, of its author); or the same user had already posted the same photo (same SHA-256) and
 * {@link #post()} is that earlier post.
 */
public record UploadResult(Status status, Post post) {
    public enum Status { CREATED, QUEUED, DUPLICATE }

    public UploadResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(post, "post");
    }
}
