package dev.tanken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.db.DatabaseService;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.Validation;
import dev.tanken.testing.DamagedPhotos;
import dev.tanken.testing.ForwardingBlobStore;
import dev.tanken.testing.ForwardingDatabaseService;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload through the facade on the real embedded backends: SQLite file plus filesystem blobs. */
class TankenUploadTest {
    @TempDir
    Path dir;

    private DatabaseService db;
    private BlobStore blobs;

    @BeforeEach
    void open() {
        db = SqliteDatabaseService.open(dir.resolve("tanken.db"));
        blobs = new FileSystemBlobStore(dir.resolve("blobs"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Set<String> blobKeys() {
        try (Stream<String> keys = blobs.keys()) {
            return keys.collect(java.util.stream.Collectors.toSet());
        }
    }

    private long blobCount() {
        try (Stream<String> keys = blobs.keys()) {
            return keys.count();
        }
    }

    @Test
    void uploadStoresThePictureAndCreatesThePostAtItsGpsPosition() throws Exception {
        Path photo = TestPhotos.writeJpeg(dir, "asakusa.jpg", 35.7148, 139.7967, 1);
        Tanken tanken = Tanken.using(db, blobs, null);

        UploadResult result = tanken.upload(photo, UploadOptions.by("aiko").withCaption("浅草").withTags(List.of("Temple")));

        assertThat(result.status()).isEqualTo(UploadResult.Status.CREATED);
        Post post = result.post();
        assertThat(post.location().latitude()).isCloseTo(35.7148, within(1e-6));
        assertThat(post.location().longitude()).isCloseTo(139.7967, within(1e-6));
        assertThat(post.author().username()).isEqualTo("aiko");
        assertThat(db.findPost(post.id())).contains(post);
        try (var in = tanken.openPicture(post.id()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(photo));
        }
    }

    @Test
    void withoutACaptionOfItsOwnThePostTakesThePhotosDescription() {
        byte[] photo = TestPhotos.jpegWithDescription(35.7148, 139.7967, 40, "  Kaminarimon gate, Asakusa  ");
        Tanken tanken = Tanken.using(db, blobs, null);

        Post post = tanken.upload(photo, UploadOptions.by("aiko")).post();

        assertThat(post.caption()).isEqualTo("Kaminarimon gate, Asakusa");
        assertThat(db.findPost(post.id()).orElseThrow().caption()).isEqualTo("Kaminarimon gate, Asakusa");
    }

    @Test
    void anExplicitCaptionWinsOverThePhotosDescriptionEvenAnEmptyOne() {
        Tanken tanken = Tanken.using(db, blobs, null);

        Post given = tanken.upload(TestPhotos.jpegWithDescription(35.0, 135.0, 41, "from the camera"),
                UploadOptions.by("aiko").withCaption("浅草")).post();
        Post none = tanken.upload(TestPhotos.jpegWithDescription(35.0, 135.0, 42, "from the camera"),
                UploadOptions.by("aiko").withCaption("")).post();

        assertThat(given.caption()).isEqualTo("浅草");
        assertThat(none.caption()).isEmpty();
        assertThat(db.findPost(none.id()).orElseThrow().caption()).isEmpty();
    }

    @Test
    void aPlaceholderDescriptionLeavesThePostWithoutACaption() {
        Tanken tanken = Tanken.using(db, blobs, null);

        Post post = tanken.upload(TestPhotos.jpegWithDescription(35.0, 135.0, 43, "OLYMPUS DIGITAL CAMERA"),
                UploadOptions.by("aiko")).post();

        assertThat(post.caption()).isEmpty();
    }

    @Test
    void aDescriptionTooLongForACaptionIsCutAndTheUploadSucceeds() {
        Tanken tanken = Tanken.using(db, blobs, null);
        String description = "富士山".repeat(Validation.MAX_CAPTION_LENGTH);

        UploadResult result = tanken.upload(TestPhotos.jpegWithDescription(35.36, 138.73, 44, description),
                UploadOptions.by("aiko"));

        assertThat(result.status()).isEqualTo(UploadResult.Status.CREATED);
        String caption = result.post().caption();
        assertThat(caption.codePointCount(0, caption.length())).isEqualTo(Validation.MAX_CAPTION_LENGTH);
        assertThat(caption).startsWith("富士山富士山").endsWith("…");
    }

    @Test
    void samePhotoBySameUserIsADuplicateAndStoredOnce() throws Exception {
        Path photo = TestPhotos.writeJpeg(dir, "a.jpg", 35.0, 135.0, 2);
        Tanken tanken = Tanken.using(db, blobs, null);
        UploadResult first = tanken.upload(photo, UploadOptions.by("aiko"));
        UploadResult second = tanken.upload(photo, UploadOptions.by("aiko").withCaption("again"));

        assertThat(second.status()).isEqualTo(UploadResult.Status.DUPLICATE);
        assertThat(second.post().id()).isEqualTo(first.post().id());
        assertThat(db.countPosts()).isEqualTo(1);
        assertThat(blobKeys()).isEqualTo(Set.copyOf(first.post().blobKeys()));

        UploadResult other = tanken.upload(photo, UploadOptions.by("ben"));
        assertThat(other.status()).isEqualTo(UploadResult.Status.CREATED);
        // Same bytes, same copies: the second post shares every blob of the first.
        assertThat(other.post().blobKeys()).isEqualTo(first.post().blobKeys());
        assertThat(blobKeys()).isEqualTo(Set.copyOf(first.post().blobKeys()));
    }

    @Test
    void photoWithoutGpsIsRejectedUnlessALocationIsGiven() throws Exception {
        byte[] noGps = TestPhotos.jpegWithoutLocation(3, null);
        Tanken tanken = Tanken.using(db, blobs, null);

        assertThatThrownBy(() -> tanken.upload(noGps, UploadOptions.by("aiko")))
                .isInstanceOf(MissingLocationException.class)
                .hasMessageContaining("no usable GPS");
        assertThat(db.countPosts()).isZero();
        assertThat(blobCount()).isZero();

        UploadResult placed = tanken.upload(noGps, UploadOptions.by("aiko").withLocation(GeoPoint.of(-33.8568, 151.2153)));
        assertThat(placed.post().location()).isEqualTo(GeoPoint.of(-33.8568, 151.2153));
    }

    @Test
    void failedInsertLeavesNoOrphanBlob() {
        byte[] photo = TestPhotos.jpeg(10, 20, 4);
        DatabaseService failing = new ForwardingDatabaseService(db) {
            @Override
            public Applied apply(Write write) {
                if (write instanceof Write.CreatePost) {
                    throw new StorageException("simulated database failure");
                }
                return super.apply(write);
            }
        };
        Tanken tanken = Tanken.using(failing, blobs, null);

        assertThatThrownBy(() -> tanken.upload(photo, UploadOptions.by("aiko"))).hasMessageContaining("simulated");
        assertThat(db.countPosts()).isZero();
        assertThat(blobCount()).isZero();
    }

    @Test
    void failedInsertKeepsABlobThatAnotherPostUses() {
        byte[] photo = TestPhotos.jpeg(10, 20, 5);
        Post bens = Tanken.using(db, blobs, null).upload(photo, UploadOptions.by("ben")).post();
        DatabaseService failing = new ForwardingDatabaseService(db) {
            @Override
            public Applied apply(Write write) {
                if (write instanceof Write.CreatePost) {
                    throw new StorageException("simulated database failure");
                }
                return super.apply(write);
            }
        };
        assertThatThrownBy(() -> Tanken.using(failing, blobs, null).upload(photo, UploadOptions.by("aiko")))
                .isInstanceOf(StorageException.class);
        assertThat(blobKeys()).isEqualTo(Set.copyOf(bens.blobKeys()));
        assertThat(db.countPosts()).isEqualTo(1);
    }

    @Test
    void failedBlobWriteCreatesNoPost() {
        byte[] photo = TestPhotos.jpeg(10, 20, 6);
        BlobStore broken = new ForwardingBlobStore(blobs) {
            @Override
            public PutResult put(byte[] bytes, String sha256, String mediaType) {
                throw new StorageException("simulated disk full");
            }
        };
        assertThatThrownBy(() -> Tanken.using(db, broken, null).upload(photo, UploadOptions.by("aiko")))
                .hasMessageContaining("disk full");
        assertThat(db.countPosts()).isZero();
    }

    @Test
    void blobRemovedByARacingCleanupIsWrittenAgain() throws Exception {
        byte[] photo = TestPhotos.jpeg(10, 20, 7);
        // Another uploader's cleanup deletes the shared blob between our put and our insert.
        DatabaseService racing = new ForwardingDatabaseService(db) {
            @Override
            public Applied apply(Write write) {
                if (write instanceof Write.CreatePost create) {
                    blobs.delete(create.post().picture().blobKey());
                }
                return super.apply(write);
            }
        };
        Post post = Tanken.using(racing, blobs, null).upload(photo, UploadOptions.by("aiko")).post();
        assertThat(blobs.exists(post.picture().blobKey())).isTrue();
    }

    @Test
    void concurrentUploadsOfOnePhotoByOneUserCreateOnePost() throws Exception {
        byte[] photo = TestPhotos.jpeg(48.85, 2.35, 8);
        Tanken tanken = Tanken.using(db, blobs, null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<UploadResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<UploadResult> upload = () -> {
                    go.await();
                    return tanken.upload(photo, UploadOptions.by("aiko"));
                };
                results.add(pool.submit(upload));
            }
            go.countDown();
            long created = 0;
            for (Future<UploadResult> f : results) {
                if (f.get().status() == UploadResult.Status.CREATED) {
                    created++;
                }
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.countPosts()).isEqualTo(1);
        Post post = db.postsByUser(db.findUserByName("aiko").orElseThrow().id(), 1, null).items().get(0);
        assertThat(blobKeys()).isEqualTo(Set.copyOf(post.blobKeys()));
    }

    @Test
    void brokenBytesAreOneClearError() {
        byte[] truncated = java.util.Arrays.copyOf(TestPhotos.jpeg(1, 1, 9), 300);
        assertThatThrownBy(() -> Tanken.using(db, blobs, null).upload(truncated, UploadOptions.by("aiko")))
                .isInstanceOf(InvalidPhotoException.class);
        assertThat(db.countPosts()).isZero();
        assertThat(blobCount()).isZero();
    }

    @Test
    void aJpegWhoseHeaderClaimsMoreThanItsDataIsRejectedAndNothingIsWritten() {
        byte[] liar = DamagedPhotos.jpegClaimingSize(TestPhotos.jpeg(35.68, 139.76, 10), 10_000, 10_000);
        Tanken tanken = Tanken.using(db, blobs, null);

        assertThatThrownBy(() -> tanken.upload(liar, UploadOptions.by("aiko")))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated JPEG: its pixel data ends before the 10000x10000 pixels its "
                        + "header declares");
        assertThat(db.countPosts()).isZero();
        assertThat(blobCount()).isZero();
    }

    @Test
    void undecodablePixelsAreRejectedAndNothingIsWritten() {
        byte[] broken = DamagedPhotos.jpegWithBogusHuffmanTable(TestPhotos.jpeg(35.68, 139.76, 11));
        Tanken tanken = Tanken.using(db, blobs, null);

        assertThatThrownBy(() -> tanken.upload(broken, UploadOptions.by("aiko")))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated JPEG: its pixel data is corrupt or incomplete and cannot be decoded");
        assertThat(db.countPosts()).isZero();
        assertThat(blobCount()).isZero();
    }
}
