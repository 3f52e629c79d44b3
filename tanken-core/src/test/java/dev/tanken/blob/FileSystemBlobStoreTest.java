package dev.tanken.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path tempDir;

    private Path root;

    @Override
    protected BlobStore newStore() {
        root = tempDir.resolve("blobs");
        return new FileSystemBlobStore(root);
    }

    private FileSystemBlobStore fs() {
        return (FileSystemBlobStore) store;
    }

    @Test
    void blobLivesUnderTwoFanOutDirectoriesAndNothingElseIsLeft() throws IOException {
        byte[] bytes = randomBytes(5000, 1);
        String sha = sha256(bytes);

        store.put(bytes, sha, JPEG);

        Path expected = root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
        assertThat(fs().pathOf(sha)).isEqualTo(expected);
        assertThat(Files.readAllBytes(expected)).isEqualTo(bytes);
        assertThat(regularFilesUnder(root)).containsExactly(expected);
    }

    @Test
    void aMissingDirectoryIsABrokenStoreNotAMissingBlob() throws IOException {
        byte[] bytes = randomBytes(100, 4);
        String sha = sha256(bytes);
        String absent = sha256(randomBytes(100, 5));
        store.put(bytes, sha, JPEG);
        assertThat(store.exists(store.keyFor(absent))).isFalse();
        assertThat(store.open(store.keyFor(absent))).isEmpty();

        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        assertThatThrownBy(() -> store.exists(store.keyFor(absent))).isInstanceOf(StorageException.class)
                .hasMessageContaining(root.toString()).hasMessageContaining("missing");
        assertThatThrownBy(() -> store.open(store.keyFor(sha))).isInstanceOf(StorageException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void digestMismatchCreatesNoFiles() throws IOException {
        byte[] bytes = randomBytes(100, 2);

        assertThatThrownBy(() -> store.put(bytes, sha256(randomBytes(100, 3)), JPEG));

        assertThat(regularFilesUnder(root)).isEmpty();
    }

    @Test
    void existingBlobIsNotRewritten() throws IOException {
        byte[] bytes = randomBytes(5000, 4);
        String key = store.put(bytes, sha256(bytes), JPEG).key();
        Path file = fs().pathOf(key);
        FileTime past = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, past);
        Object identity = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        assertThat(store.put(bytes, sha256(bytes), JPEG).created()).isFalse();

        assertThat(Files.getLastModifiedTime(file)).isEqualTo(past);
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).isEqualTo(identity);
    }

    @Test
    void concurrentIdenticalPutsCreateTheBlobExactlyOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            byte[] bytes = randomBytes(100_000, 1000 + round);
            String sha = sha256(bytes);

            List<BlobStore.PutResult> results = runConcurrently(6, () -> store.put(bytes, sha, JPEG));

            assertThat(results.stream().filter(BlobStore.PutResult::created).count()).as("round %d", round)
                    .isEqualTo(1);
            assertThat(read(sha)).isEqualTo(bytes);
        }
        assertThat(regularFilesUnder(root)).allMatch(p -> !p.getFileName().toString().startsWith("."));
    }

    @Test
    void readersNeverSeeAPartialBlob() throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            blobs.add(randomBytes(2_000_000, 2000 + i));
        }
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (byte[] blob : blobs) {
                    store.put(blob, sha256(blob), JPEG);
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        });
        List<String> partial = new ArrayList<>();
        writer.start();
        // Watch the blob being written right now, where a non-atomic write would show its partial state.
        int next = 0;
        while (next < blobs.size() && (writer.isAlive() || store.exists(sha256(blobs.get(next))))) {
            String key = sha256(blobs.get(next));
            Optional<InputStream> in = store.open(key);
            if (in.isPresent()) {
                byte[] content;
                try (InputStream stream = in.get()) {
                    content = stream.readAllBytes();
                }
                if (sha256(content).equals(key)) {
                    next++;
                } else {
                    partial.add(key + " read as " + content.length + " bytes");
                }
            }
        }
        writer.join();

        assertThat(writerFailure.get()).isNull();
        assertThat(partial).isEmpty();
        assertThat(next).isEqualTo(blobs.size());
    }

    @Test
    void tempFileOfACrashedPutIsInvisible() throws IOException {
        byte[] bytes = randomBytes(5000, 5);
        String sha = sha256(bytes);
        Path directory = fs().pathOf(sha).getParent();
        Files.createDirectories(directory);
        Files.write(directory.resolve(".tmp-" + sha + "-12345"), Arrays.copyOf(bytes, 1000));

        assertThat(store.exists(sha)).isFalse();
        assertThat(store.open(sha)).isEmpty();
        assertThat(keys()).isEmpty();
        assertThat(store.put(bytes, sha, JPEG).created()).isTrue();
        assertThat(read(sha)).isEqualTo(bytes);
        assertThat(keys()).containsExactly(sha);
    }

    @Test
    void staleTempFilesAreRemovedAndFreshOnesKept() throws IOException {
        byte[] bytes = randomBytes(100, 6);
        String sha = sha256(bytes);
        Path directory = fs().pathOf(sha).getParent();
        Files.createDirectories(directory);
        Path stale = Files.write(directory.resolve(".tmp-" + sha + "-1"), new byte[10]);
        Path fresh = Files.write(directory.resolve(".tmp-" + sha + "-2"), new byte[10]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(fs().removeStaleTempFiles()).isEqualTo(1);

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void listingKeysSweepsStaleTempFiles() throws IOException {
        byte[] bytes = randomBytes(100, 7);
        String key = store.put(bytes, sha256(bytes), JPEG).key();
        Path stale = Files.write(fs().pathOf(key).resolveSibling(".tmp-" + key + "-9"), new byte[10]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(keys()).containsExactly(key);

        assertThat(stale).doesNotExist();
    }

    @Test
    void foreignAndMisplacedFilesAreNotKeys() throws IOException {
        byte[] bytes = randomBytes(100, 8);
        String key = store.put(bytes, sha256(bytes), JPEG).key();
        Files.writeString(root.resolve("README"), "not a blob");
        String misplaced = (key.startsWith("00") ? "ff" : "00") + key.substring(2);
        Files.createDirectories(root.resolve("00").resolve("00"));
        Files.write(root.resolve("00").resolve("00").resolve(misplaced), bytes);
        Files.createDirectories(root.resolve("zz").resolve("00"));

        assertThat(keys()).containsExactly(key);
    }

    @Test
    void ioFailureIsAStorageExceptionNamingThePath() throws IOException {
        byte[] bytes = randomBytes(100, 9);
        String sha = sha256(bytes);
        // A file where the fan-out directory must go makes directory creation fail.
        Path blocker = Files.writeString(root.resolve(sha.substring(0, 2)), "in the way");

        assertThatThrownBy(() -> store.put(bytes, sha, JPEG)).isInstanceOf(StorageException.class)
                .hasMessageContaining(blocker.toString());
    }

    @Test
    void rootThatIsAFileIsAStorageException() throws IOException {
        Path file = Files.writeString(tempDir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> new FileSystemBlobStore(file)).isInstanceOf(StorageException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void storeOpenedOnAnExistingRootSeesItsBlobs() {
        byte[] bytes = randomBytes(100, 10);
        String key = store.put(bytes, sha256(bytes), JPEG).key();

        try (BlobStore reopened = new FileSystemBlobStore(root)) {
            assertThat(reopened.exists(key)).isTrue();
            assertThat(reopened.put(bytes, sha256(bytes), JPEG).created()).isFalse();
        }
    }

    private static List<Path> regularFilesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
