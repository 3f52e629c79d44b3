package dev.tanken.s3;

import dev.tanken.blob.BlobStore;
import dev.tanken.blob.BlobStoreProvider;
import java.util.List;

/** Opens {@code s3://bucket/prefix?endpoint=…} for {@link dev.tanken.blob.BlobStores}. */
public final class S3Provider implements BlobStoreProvider {
    @Override
    public List<String> prefixes() {
        return List.of("s3://");
    }

    @Override
    public BlobStore open(String url) {
        return S3BlobStore.fromUrl(url);
    }
}
