package dev.tanken.model;

import dev.tanken.InvalidInputException;
import java.util.Objects;

/**
 * A derivative of a post's picture: a resized copy, turned upright and re-encoded without any
 * metadata, stored in the blob store like the original.
 *
 * @param size {@link PictureSize#THUMB} or {@link PictureSize#LARGE}
 * @param blobKey where the copy lives in the blob store
 * @param mediaType e.g. {@code image/jpeg}
 * @param sha256 lower-case hex SHA-256 of the copy's bytes
 * @param width pixel width as served (upright)
 * @param height pixel height as served (upright)
 */
public record PictureVariant(PictureSize size, String blobKey, String mediaType, String sha256, int width,
        int height) {

    public PictureVariant {
        Objects.requireNonNull(size, "size");
        if (size == PictureSize.ORIGINAL) {
            throw new InvalidInputException("a picture variant is a derivative, not the original");
        }
        // Keys travel in a space- and comma-separated list between database and model.
        if (blobKey == null || blobKey.isBlank() || Validation.hasSpaceOrComma(blobKey)) {
            throw new InvalidInputException("variant blob key must be non-empty without spaces or commas, got '"
                    + blobKey + "'");
        }
        if (!Validation.isMediaType(mediaType)) {
            throw new InvalidInputException("variant media type must look like image/jpeg, got '" + mediaType + "'");
        }
        Validation.sha256(sha256);
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("variant size must be positive, got " + width + "x" + height);
        }
    }
}
