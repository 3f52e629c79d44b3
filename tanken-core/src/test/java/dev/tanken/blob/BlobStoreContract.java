package dev.tanken.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do. A backend's test extends this class and supplies an empty
 * store from {@link #newStore()}; it may add tests of its own storage layout. The test methods are
 * public so that subclasses in other packages inherit them.
 */
public abstract class BlobStoreContract {
    protected static final String JPEG = "image/jpeg";

    protected BlobStore store;

    /** A new, empty store; closed after each test. */
    protected abstract BlobStore newStore();

    @BeforeEach
    public void openStore() {
        store = newStore();
    }

    @AfterEach
    public void closeStore() {
        store.close();
    }

    @Test
    public void storedBytesReadBackIdentically() {
        byte[] bytes = randomBytes(10_000, 1);

        BlobStore.PutResult result = store.put(bytes, sha256(bytes), JPEG);

        assertThat(result.created()).isTrue();
        assertThat(result.key()).isEqualTo(store.keyFor(sha256(bytes)));
        assertThat(store.exists(result.key())).isTrue();
        assertThat(read(result.key())).isEqualTo(bytes);
    }

    @Test
    public void keyDependsOnlyOnTheDigest() {
        byte[] a = randomBytes(100, 1);
        byte[] b = randomBytes(100, 2);

        assertThat(store.keyFor(sha256(a))).isEqualTo(store.keyFor(sha256(a)))
                .isNotEqualTo(store.keyFor(sha256(b)));
    }

    @Test
    public void secondPutOfTheSameBytesIsNotACreation() {
        byte[] bytes = randomBytes(1000, 3);
        BlobStore.PutResult first = store.put(bytes, sha256(bytes), JPEG);

        BlobStore.PutResult second = store.put(bytes, sha256(bytes), JPEG);

        assertThat(second.key()).isEqualTo(first.key());
        assertThat(second.created()).isFalse();
        assertThat(read(first.key())).isEqualTo(bytes);
        assertThat(keys()).containsExactly(first.key());
    }

    @Test
    public void emptyBlobIsStored() {
        byte[] empty = new byte[0];

        String key = store.put(empty, sha256(empty), JPEG).key();

        assertThat(read(key)).isEmpty();
    }

    @Test
    public void digestMismatchIsRejectedAndStoresNothing() {
        byte[] bytes = randomBytes(1000, 4);
        String otherDigest = sha256(randomBytes(1000, 5));

        assertThatThrownBy(() -> store.put(bytes, otherDigest, JPEG)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("SHA-256 mismatch")
                .hasMessageContaining(otherDigest)
                .hasMessageContaining(sha256(bytes));
        assertThat(store.exists(store.keyFor(otherDigest))).isFalse();
        assertThat(store.exists(store.keyFor(sha256(bytes)))).isFalse();
        assertThat(keys()).isEmpty();
    }

    @Test
    public void malformedDigestsAndKeysAreRejected() {
        byte[] bytes = randomBytes(10, 6);
        String upper = sha256(bytes).toUpperCase();

        assertThatThrownBy(() -> store.put(bytes, upper, JPEG)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.put(bytes, null, JPEG)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.put(null, sha256(bytes), JPEG)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.keyFor("abc")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.open("../../../etc/passwd")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.exists("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.delete(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    public void missingBlobIsAbsent() {
        String key = store.keyFor(sha256(randomBytes(10, 7)));

        assertThat(store.exists(key)).isFalse();
        assertThat(store.open(key)).isEmpty();
        assertThat(store.delete(key)).isFalse();
    }

    @Test
    public void deletedBlobIsGoneAndCanBeStoredAgain() {
        byte[] bytes = randomBytes(1000, 8);
        String key = store.put(bytes, sha256(bytes), JPEG).key();

        assertThat(store.delete(key)).isTrue();
        assertThat(store.exists(key)).isFalse();
        assertThat(store.open(key)).isEmpty();
        assertThat(store.delete(key)).isFalse();
        assertThat(store.put(bytes, sha256(bytes), JPEG).created()).isTrue();
        assertThat(read(key)).isEqualTo(bytes);
    }

    @Test
    public void keysListsExactlyTheStoredBlobs() {
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] bytes = randomBytes(100 + i, 100 + i);
            stored.add(store.put(bytes, sha256(bytes), JPEG).key());
        }
        String deleted = stored.remove(7);
        store.delete(deleted);

        assertThat(keys()).containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    public void concurrentPutsOfTheSameBytesAllSucceedAndStoreOneBlob() throws Exception {
        byte[] bytes = randomBytes(200_000, 9);
        String sha = sha256(bytes);

        List<BlobStore.PutResult> results = runConcurrently(8, () -> store.put(bytes, sha, JPEG));

        assertThat(results).extracting(BlobStore.PutResult::key).containsOnly(store.keyFor(sha));
        assertThat(results).anyMatch(BlobStore.PutResult::created);
        assertThat(keys()).containsExactly(store.keyFor(sha));
        assertThat(read(store.keyFor(sha))).isEqualTo(bytes);
    }

    /** Runs the task on {@code threads} threads released at the same moment; returns their results. */
    protected static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    protected List<String> keys() {
        try (Stream<String> keys = store.keys()) {
            return keys.toList();
        }
    }

    protected byte[] read(String key) {
        Optional<InputStream> in = store.open(key);
        assertThat(in).as("blob %s", key).isPresent();
        try (InputStream stream = in.get()) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
