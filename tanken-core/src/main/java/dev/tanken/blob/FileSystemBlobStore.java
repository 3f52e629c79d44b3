package dev.tanken.blob;

/** Placeholder replaced by the filesystem blob store branch. */
public class FileSystemBlobStore implements BlobStore {
    public FileSystemBlobStore(java.nio.file.Path root) {
    }

    @Override
    public PutResult put(byte[] bytes, String sha256, String mediaType) {
        throw new UnsupportedOperationException();
    }

    @Override
    public java.util.Optional<java.io.InputStream> open(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean exists(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public java.util.stream.Stream<String> keys() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String keyFor(String sha256) {
        throw new UnsupportedOperationException();
    }
}
