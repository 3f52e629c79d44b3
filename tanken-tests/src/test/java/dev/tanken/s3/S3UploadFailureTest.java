package dev.tanken.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.GpsDirectory;
import dev.tanken.GarbageReport;
import dev.tanken.PictureStream;
import dev.tanken.StorageException;
import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.BlobStores;
import dev.tanken.db.DatabaseService;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.model.PictureSize;
import dev.tanken.model.Post;
import dev.tanken.testing.ForwardingBlobStore;
import dev.tanken.testing.ForwardingDatabaseService;
import dev.tanken.testing.TestPhotos;
import dev.tanken.testing.TestS3Server;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads to a real S3-compatible server that fail half-way: never a post without all its pictures,
 * and nothing left behind once blob GC has run.
 */
class S3UploadFailureTest {
    private static final TestS3Server SERVER = TestS3Server.shared();
    /** Original, thumbnail and large copy. */
    private static final int BLOBS_PER_UPLOAD = 3;

    @TempDir
    Path dir;

    private DatabaseService db;
    private BlobStore s3;

    @BeforeEach
    void open() {
        db = SqliteDatabaseService.open(dir.resolve("tanken.db"));
        s3 = BlobStores.open(SERVER.newBucketUrl());
    }

    @AfterEach
    void close() {
        s3.close();
        db.close();
    }

    private static byte[] photo(long seed) {
        return TestPhotos.twoToneJpeg(900 + (int) seed, 600, 35.0 + seed / 1000.0, 135.0, 1);
    }

    private static Set<String> keys(BlobStore store) {
        try (Stream<String> keys = store.keys()) {
            return keys.collect(Collectors.toSet());
        }
    }

    /** Fails the n-th put (1-based), before or after the real put. */
    private static BlobStore failingPut(BlobStore delegate, int n, boolean afterWriting) {
        AtomicInteger puts = new AtomicInteger();
        return new ForwardingBlobStore(delegate) {
            @Override
            public PutResult put(byte[] bytes, String sha256, String mediaType) {
                if (puts.incrementAndGet() != n) {
                    return super.put(bytes, sha256, mediaType);
                }
                if (afterWriting) {
                    super.put(bytes, sha256, mediaType);
                    throw new StorageException("simulated: the response to a successful PUT was lost");
                }
                throw new StorageException("simulated: PUT refused");
            }
        };
    }

    @Test
    void successfulUploadStoresAllItsBlobsAndServesCopiesWithoutGps() throws Exception {
        Tanken tanken = Tanken.using(db, s3, null);
        Post post = tanken.upload(photo(0), UploadOptions.by("aiko")).post();

        assertThat(keys(s3)).containsExactlyInAnyOrderElementsOf(post.blobKeys());
        try (PictureStream thumb = tanken.openPicture(post.id(), PictureSize.THUMB, null).orElseThrow()) {
            byte[] bytes = thumb.stream().readAllBytes();
            assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes))
                    .getFirstDirectoryOfType(GpsDirectory.class)).isNull();
        }
        GarbageReport report = tanken.collectGarbage(false, Duration.ZERO);
        assertThat(report.orphans()).isEmpty();
        assertThat(report.scanned()).isEqualTo(BLOBS_PER_UPLOAD);
    }

    @Test
    void refusedPutOfTheLastCopyLeavesNoPostAndRemovesTheBlobsBeforeIt() {
        BlobStore failing = failingPut(s3, BLOBS_PER_UPLOAD, false);

        assertThatThrownBy(() -> Tanken.using(db, failing, null).upload(photo(1), UploadOptions.by("aiko")))
                .hasMessageContaining("PUT refused");

        assertThat(db.countPosts()).isZero();
        assertThat(keys(s3)).isEmpty();
    }

    @Test
    void putThatSucceededButReportedFailureLeavesAnOrphanThatGcRemoves() {
        BlobStore failing = failingPut(s3, 2, true);

        assertThatThrownBy(() -> Tanken.using(db, failing, null).upload(photo(2), UploadOptions.by("aiko")))
                .hasMessageContaining("response");

        assertThat(db.countPosts()).isZero();
        // The upload removed the original it knew it had written; the copy it did not know about stays.
        assertThat(keys(s3)).hasSize(1);
        GarbageReport report = Tanken.using(db, s3, null).collectGarbage(false, Duration.ZERO);
        assertThat(report.removed()).isEqualTo(1);
        assertThat(keys(s3)).isEmpty();
    }

    @Test
    void serverGoingAwayMidUploadLeavesNoPostAndGcCleansUpAfterItReturns() {
        TestS3Server server = TestS3Server.start();
        try (BlobStore store = BlobStores.open(server.newBucketUrl())) {
            AtomicInteger puts = new AtomicInteger();
            BlobStore stopping = new ForwardingBlobStore(store) {
                @Override
                public PutResult put(byte[] bytes, String sha256, String mediaType) {
                    PutResult result = super.put(bytes, sha256, mediaType);
                    if (puts.incrementAndGet() == 2) {
                        server.stop(); // the next put, and the clean-up, find no server
                    }
                    return result;
                }
            };

            assertThatThrownBy(() -> Tanken.using(db, stopping, null).upload(photo(3), UploadOptions.by("aiko")))
                    .isInstanceOf(StorageException.class);
            assertThat(db.countPosts()).isZero();

            server.restart();
            assertThat(keys(store)).hasSize(2);
            GarbageReport report = Tanken.using(db, store, null).collectGarbage(false, Duration.ZERO);
            assertThat(report.removed()).isEqualTo(2);
            assertThat(keys(store)).isEmpty();
        } finally {
            server.close();
        }
    }

    @Test
    void databaseFailureAfterTheBlobsLeavesNothing() {
        DatabaseService failing = new ForwardingDatabaseService(db) {
            @Override
            public dev.tanken.db.Applied apply(dev.tanken.db.Write write) {
                if (write instanceof dev.tanken.db.Write.CreatePost) {
                    throw new StorageException("simulated database failure");
                }
                return super.apply(write);
            }
        };

        assertThatThrownBy(() -> Tanken.using(failing, s3, null).upload(photo(4), UploadOptions.by("aiko")))
                .hasMessageContaining("simulated database failure");

        assertThat(db.countPosts()).isZero();
        assertThat(keys(s3)).isEmpty();
    }
}
