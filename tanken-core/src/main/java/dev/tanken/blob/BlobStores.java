package dev.tanken.blob;

import dev.tanken.InvalidInputException;
import dev.tanken.spi.internal.Providers;
import dev.tanken.spi.internal.UrlRedaction;
import dev.tanken.blob.BlobStoreProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Opens a {@link BlobStore} from a URL: {@code file:PATH} (or a bare path), built in; other schemes
 * through the backend on the class path, such as {@code s3://bucket/prefix?endpoint=..&region=..}
 * ({@code tanken-s3}).
 */
public final class BlobStores {
    private BlobStores() {
    }

    public static BlobStore open(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("blob store URL must not be empty");
        }
        String path;
        if (url.startsWith("file://")) {
            path = url.substring("file://".length());
        } else if (url.startsWith("file:")) {
            path = url.substring("file:".length());
        } else if (url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return Providers.find(BlobStoreProvider.class, "blob store", url, UrlRedaction.redact(url)).open(url);
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
