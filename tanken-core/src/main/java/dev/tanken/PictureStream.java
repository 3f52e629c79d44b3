package dev.tanken;

import dev.tanken.model.PictureSize;
import dev.tanken.model.PostId;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One size of a post's picture, open for reading ({@link Tanken#openPicture(PostId, PictureSize, java.util.UUID)}).
 * The stream verifies the blob's SHA-256 when it is read to the end. Close it.
 *
 * @param mediaType e.g. {@code image/jpeg}
 * @param width pixel width (of a copy: as served, upright; of the original: as stored)
 * @param height pixel height
 */
public record PictureStream(PostId postId, PictureSize size, String mediaType, int width, int height,
        InputStream stream) implements AutoCloseable {

    public PictureStream {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(stream, "stream");
    }

    /** The usual file extension for the media type: jpg, png, webp, heic. */
    public String extension() {
        return switch (mediaType) {
            case "image/jpeg" -> "jpg";
            case "image/png" -> "png";
            case "image/webp" -> "webp";
            case "image/heic" -> "heic";
            default -> "bin";
        };
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
