package dev.tanken.testing;

import dev.tanken.blob.BlobInfo;
import dev.tanken.blob.BlobStore;
import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Delegates every call to a real blob store; tests subclass it to inject a failure at one step
 * while everything else runs against the real store.
 */
public class ForwardingBlobStore implements BlobStore {
    protected final BlobStore delegate;

    public ForwardingBlobStore(BlobStore delegate) {
        this.delegate = delegate;
    }

    @Override public PutResult put(byte[] bytes, String sha256, String mediaType) { return delegate.put(bytes, sha256, mediaType); }
    @Override public Optional<InputStream> open(String key) { return delegate.open(key); }
    @Override public boolean exists(String key) { return delegate.exists(key); }
    @Override public boolean delete(String key) { return delegate.delete(key); }
    @Override public Stream<String> keys() { return delegate.keys(); }
    @Override public Stream<BlobInfo> list() { return delegate.list(); }
    @Override public String keyFor(String sha256) { return delegate.keyFor(sha256); }
    @Override public void close() { delegate.close(); }
}
