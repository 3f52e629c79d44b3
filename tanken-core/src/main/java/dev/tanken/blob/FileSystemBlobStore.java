package dev.tanken.blob;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.blob.internal.IoReasons;
import dev.tanken.model.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link BlobStore} on a local file system. The key is the lower-case hex SHA-256 and the blob
 * lives at {@code root/ab/cd/<sha256>} (first and second byte of the digest), so that no directory
 * holds more than a few hundred entries even with tens of millions of blobs.
 *
 * <p>A put writes a temp file next to its target, fsyncs it and only then publishes it under its
 * final name in one atomic step, so readers see the whole blob or nothing, and a crash leaves at
 * most an invisible temp file. Publishing uses a hard link, which fails if the blob already exists;
 * that makes concurrent puts of the same bytes safe and lets exactly one of them report
 * {@code created=true}. Where hard links are not supported, it falls back to
 * {@link StandardCopyOption#ATOMIC_MOVE}. Temp files never appear in {@link #keys()}; those older
 * than the stale age (one hour by default) are deleted when {@link #keys()} walks past them or by
 * {@link #removeStaleTempFiles()}.
 *
 * <p>Thread-safe, and safe for several processes sharing one root.
 */
public final class FileSystemBlobStore implements BlobStore {
    /** Temp files younger than this may belong to a put in progress and are left alone. */
    public static final Duration DEFAULT_STALE_TEMP_AGE = Duration.ofHours(1);

    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;
    private final Duration staleTempAge;

    public FileSystemBlobStore(Path root) {
        this(root, DEFAULT_STALE_TEMP_AGE);
    }

    public FileSystemBlobStore(Path root, Duration staleTempAge) {
        Objects.requireNonNull(root, "root");
        this.staleTempAge = Objects.requireNonNull(staleTempAge, "staleTempAge");
        if (staleTempAge.isNegative()) {
            throw new InvalidInputException("stale temp file age must not be negative, got " + staleTempAge);
        }
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new StorageException("cannot create blob store directory " + this.root + ": "
                    + IoReasons.reason(e, this.root), e);
        }
    }

    public Path root() {
        return root;
    }

    /** Where the blob with this key lives (whether or not it exists). */
    public Path pathOf(String key) {
        String k = requireKey(key);
        return root.resolve(k.substring(0, 2)).resolve(k.substring(2, 4)).resolve(k);
    }

    @Override
    public String keyFor(String sha256) {
        return Validation.sha256(sha256);
    }

    @Override
    public PutResult put(byte[] bytes, String sha256, String mediaType) {
        if (bytes == null) {
            throw new InvalidInputException("blob bytes must not be null");
        }
        String key = keyFor(sha256);
        String actual = sha256Hex(bytes);
        if (!actual.equals(key)) {
            throw new InvalidInputException("SHA-256 mismatch: the caller gave " + key + " but the "
                    + bytes.length + " bytes hash to " + actual);
        }
        Path target = pathOf(key);
        if (Files.isRegularFile(target)) {
            return new PutResult(key, false);
        }
        Path directory = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, TEMP_PREFIX + key + "-", "");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            boolean created = publish(temp, target);
            syncDirectory(directory);
            return new PutResult(key, created);
        } catch (IOException e) {
            throw new StorageException("cannot store blob at " + target + ": " + e, e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** Gives the synced temp file its final name; false if another put got there first. */
    private static boolean publish(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (!Files.isRegularFile(target)) {
                throw new FileSystemException(target.toString(), null, "exists but is not a regular file");
            }
            return false;
        } catch (UnsupportedOperationException e) {
            return moveIntoPlace(temp, target);
        } catch (FileSystemException e) {
            // Some file systems (FAT, certain network mounts) refuse hard links with EPERM.
            return moveIntoPlace(temp, target);
        }
    }

    /** Fallback publication; a rename replaces atomically, so a racing put rewrites identical bytes. */
    private static boolean moveIntoPlace(Path temp, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return false;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** Makes the new directory entry durable; the blob's own bytes were synced before. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory (Windows); the rename itself has happened.
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        Path path = pathOf(key);
        try {
            return Optional.of(Files.newInputStream(path));
        } catch (NoSuchFileException e) {
            requireRoot();
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("cannot open blob " + path + ": " + e, e);
        }
    }

    @Override
    public boolean exists(String key) {
        if (Files.isRegularFile(pathOf(key))) {
            return true;
        }
        requireRoot();
        return false;
    }

    /**
     * The store made its directory when it opened: when it is gone (a volume unmounted, a folder
     * removed), every blob is missing, and answering "no such blob" would hide a broken store.
     */
    private void requireRoot() {
        if (!Files.isDirectory(root)) {
            throw new StorageException("blob store directory " + root + " is missing");
        }
    }

    @Override
    public boolean delete(String key) {
        Path path = pathOf(key);
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new StorageException("cannot delete blob " + path + ": " + e, e);
        }
    }

    /**
     * Every stored key, read lazily from the directory tree; the caller closes the stream. Files that
     * are not blobs (temp files, anything placed by hand) are skipped; temp files older than the
     * stale age are deleted on the way, since a put never takes that long.
     */
    @Override
    public Stream<String> keys() {
        Stream<String> keys = list(root)
                .filter(FileSystemBlobStore::isFanOutDirectory)
                .flatMap(level1 -> list(level1).filter(FileSystemBlobStore::isFanOutDirectory))
                .flatMap(level2 -> list(level2).filter(file -> {
                    String name = file.getFileName().toString();
                    if (name.startsWith(TEMP_PREFIX)) {
                        deleteIfStale(file);
                        return false;
                    }
                    return isBlobIn(level2, name) && Files.isRegularFile(file);
                }))
                .map(file -> file.getFileName().toString());
        return translateIoErrors(keys);
    }

    /** {@link #keys()} with each file's size and modification time; files that vanish meanwhile are skipped. */
    @Override
    public Stream<BlobInfo> list() {
        return keys().flatMap(key -> {
            Path path = pathOf(key);
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return Stream.of(new BlobInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
            } catch (NoSuchFileException e) {
                return Stream.empty();
            } catch (IOException e) {
                throw new StorageException("cannot read the attributes of blob " + path + ": " + e, e);
            }
        });
    }

    /** Deletes temp files left by crashed puts that are older than the stale age; returns how many. */
    public int removeStaleTempFiles() {
        int removed = 0;
        try (Stream<Path> level1 = list(root).filter(FileSystemBlobStore::isFanOutDirectory)) {
            for (Path l1 : (Iterable<Path>) level1::iterator) {
                try (Stream<Path> level2 = list(l1).filter(FileSystemBlobStore::isFanOutDirectory)) {
                    for (Path l2 : (Iterable<Path>) level2::iterator) {
                        try (Stream<Path> files = list(l2)) {
                            for (Path file : (Iterable<Path>) files::iterator) {
                                if (file.getFileName().toString().startsWith(TEMP_PREFIX) && deleteIfStale(file)) {
                                    removed++;
                                }
                            }
                        }
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw new StorageException("cannot list blobs under " + root + ": " + e.getCause(), e.getCause());
        }
        return removed;
    }

    private boolean deleteIfStale(Path temp) {
        try {
            FileTime modified = Files.getLastModifiedTime(temp);
            if (modified.toInstant().isBefore(Instant.now().minus(staleTempAge))) {
                return Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // Another process cleaned it up, or it cannot be removed now; either way it stays invisible.
        }
        return false;
    }

    private static boolean isFanOutDirectory(Path path) {
        String name = path.getFileName().toString();
        return name.length() == 2 && isLowerHex(name) && Files.isDirectory(path);
    }

    /** A blob file is named by its digest and sits in the directories its digest selects. */
    private static boolean isBlobIn(Path level2, String name) {
        String expectedPrefix = level2.getParent().getFileName().toString() + level2.getFileName();
        return name.length() == 64 && isLowerHex(name) && name.startsWith(expectedPrefix);
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** A directory that vanishes while being listed (a concurrent cleanup) simply has no entries. */
    private Stream<Path> list(Path directory) {
        try {
            return Files.list(directory);
        } catch (NoSuchFileException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw new StorageException("cannot list blob directory " + directory + ": " + e, e);
        }
    }

    /** Directory iteration reports failures as UncheckedIOException; callers expect StorageException. */
    private Stream<String> translateIoErrors(Stream<String> keys) {
        Spliterator<String> source = keys.spliterator();
        Spliterator<String> translated = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.DISTINCT | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super String> action) {
                try {
                    return source.tryAdvance(action);
                } catch (UncheckedIOException e) {
                    throw new StorageException("cannot list blobs under " + root + ": " + e.getCause(), e.getCause());
                }
            }
        };
        return StreamSupport.stream(translated, false).onClose(keys::close);
    }

    private static String requireKey(String key) {
        if (key == null || key.length() != 64 || !isLowerHex(key)) {
            throw new InvalidInputException("blob key must be 64 lower-case hex digits, got '" + key + "'");
        }
        return key;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left behind, it is invisible to keys() and removed once stale.
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "FileSystemBlobStore[" + root + "]";
    }
}
