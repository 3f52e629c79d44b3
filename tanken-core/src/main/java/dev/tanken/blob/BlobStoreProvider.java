package dev.tanken.blob;

import dev.tanken.spi.UrlProvider;

/**
 * A blob store backend found by {@link dev.tanken.blob.BlobStores#open(String)} through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.tanken.blob.BlobStoreProvider}). The
 * file-system store is built in; {@code tanken-s3} provides {@code s3://}.
 */
public interface BlobStoreProvider extends UrlProvider {
    /** Opens the store {@code url} names; {@link #accepts(String)} was true for it. */
    BlobStore open(String url);
}
