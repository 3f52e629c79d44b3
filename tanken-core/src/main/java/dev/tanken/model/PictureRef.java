package dev.tanken.model;

import dev.tanken.InvalidInputException;

/**
 * Where a post's picture lives and what it is: the blob key in the {@link dev.tanken.blob.BlobStore},
 * its media type (e.g. {@code image/jpeg}), the SHA-256 of its bytes (lower-case hex) and its pixel
 * size as stored (before any EXIF orientation is applied).
 */
public record PictureRef(String blobKey, String mediaType, String sha256, int width, int height) {

    public PictureRef {
        if (blobKey == null || blobKey.isBlank()) {
            throw new InvalidInputException("picture blob key must not be empty");
        }
        if (!Validation.isMediaType(mediaType)) {
            throw new InvalidInputException("picture media type must look like image/jpeg, got '" + mediaType + "'");
        }
        Validation.sha256(sha256);
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("picture size must be positive, got " + width + "x" + height);
        }
    }
}
