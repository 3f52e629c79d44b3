package dev.tanken;

import dev.tanken.model.PostId;

/** The same author already posted a picture with the same SHA-256; carries the existing post. */
public class DuplicatePostException extends ConflictException {
    private final PostId existingPostId;

    public DuplicatePostException(PostId existingPostId) {
        this(existingPostId, "the same photo was already posted by this user as post " + existingPostId);
    }

    public DuplicatePostException(PostId existingPostId, String message) {
        super(message);
        this.existingPostId = existingPostId;
    }

    /**
     * The post that holds the picture: a stored post, or, for a batch that repeats a picture, the
     * first post of the batch with it (not stored, since the batch was rolled back).
     */
    public PostId existingPostId() {
        return existingPostId;
    }
}
