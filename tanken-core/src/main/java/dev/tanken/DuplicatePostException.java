package dev.tanken;

import dev.tanken.model.PostId;

/** The same author already posted a picture with the same SHA-256; carries the existing post. */
public class DuplicatePostException extends ConflictException {
    private final PostId existingPostId;

    public DuplicatePostException(PostId existingPostId) {
        super("the same photo was already posted by this user as post " + existingPostId);
        this.existingPostId = existingPostId;
    }

    public PostId existingPostId() {
        return existingPostId;
    }
}
