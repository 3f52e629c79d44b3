package dev.tanken.blob;

import dev.tanken.InvalidInputException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Opens a {@link BlobStore} from a URL: {@code file:PATH} (or a bare path), or
 * {@code s3://bucket/prefix?endpoint=..&region=..} (see {@link dev.tanken.blob.s3.S3BlobStore}).
 */
public final class BlobStores {
    private BlobStores() {
    }

    public static BlobStore open(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("blob store URL must not be empty");
        }
        if (url.startsWith("s3://")) {
            return dev.tanken.blob.s3.S3BlobStore.fromUrl(url);
        }
        String path;
        if (url.startsWith("file://")) {
            path = url.substring("file://".length());
        } else if (url.startsWith("file:")) {
            path = url.substring("file:".length());
        } else if (url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new InvalidInputException("unsupported blob store URL '"
                    + dev.tanken.blob.s3.internal.S3Url.redact(url) + "': use file:PATH or s3://BUCKET/PREFIX");
        } else {
            path = url;
        }
        if (path.isBlank()) {
            throw new InvalidInputException("blob store URL needs a directory, e.g. file:/home/me/.tanken/blobs");
        }
        try {
            return new FileSystemBlobStore(Path.of(path));
        } catch (InvalidPathException e) {
            throw new InvalidInputException("blob store URL has an invalid path '" + path + "': " + e.getReason());
        }
    }
}
