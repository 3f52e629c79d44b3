package dev.tanken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.blob.BlobInfo;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.db.DatabaseService;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.model.Post;
import dev.tanken.testing.ForwardingBlobStore;
import dev.tanken.testing.ForwardingDatabaseService;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blob garbage collection on the embedded backends (SQLite, filesystem blobs). */
class BlobGarbageCollectionTest {
    @TempDir
    Path dir;

    private DatabaseService db;
    private FileSystemBlobStore blobs;
    private Tanken tanken;

    @BeforeEach
    void open() {
        db = SqliteDatabaseService.open(dir.resolve("tanken.db"));
        blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        tanken = Tanken.using(db, blobs, null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** A blob no post refers to, last written {@code age} ago. */
    private String orphan(long seed, Duration age) throws Exception {
        byte[] bytes = TestPhotos.jpeg(1, 1, seed);
        String key = blobs.put(bytes, sha256(bytes), "image/jpeg").key();
        Files.setLastModifiedTime(blobs.pathOf(key), FileTime.from(Instant.now().minus(age)));
        return key;
    }

    private Set<String> keys() {
        try (Stream<String> keys = blobs.keys()) {
            return keys.collect(Collectors.toSet());
        }
    }

    @Test
    void oldOrphansGoAndEverythingAPostUsesStays() throws Exception {
        Post post = tanken.upload(TestPhotos.twoToneJpeg(800, 600, 35.0, 135.0, 1), UploadOptions.by("aiko")).post();
        assertThat(post.blobKeys()).hasSize(3);
        // A post's blobs, however old, are never orphans.
        for (String key : post.blobKeys()) {
            Files.setLastModifiedTime(blobs.pathOf(key), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        }
        String old = orphan(1, Duration.ofHours(2));
        String young = orphan(2, Duration.ofMinutes(5));
        long oldSize = Files.size(blobs.pathOf(old));

        GarbageReport report = tanken.collectGarbage(false);

        assertThat(report.dryRun()).isFalse();
        assertThat(report.gracePeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(report.scanned()).isEqualTo(5);
        assertThat(report.orphans()).extracting(GarbageReport.Orphan::key).containsExactly(old);
        assertThat(report.orphanBytes()).isEqualTo(oldSize);
        assertThat(report.orphans().get(0).size()).isPositive();
        assertThat(report.removed()).isEqualTo(1);
        assertThat(report.youngUnreferenced()).isEqualTo(1);
        assertThat(report.failures()).isEmpty();
        assertThat(keys()).containsExactlyInAnyOrderElementsOf(
                Stream.concat(post.blobKeys().stream(), Stream.of(young)).toList());
    }

    @Test
    void dryRunReportsButDeletesNothing() throws Exception {
        String old = orphan(3, Duration.ofDays(3));

        GarbageReport report = tanken.collectGarbage(true);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.orphans()).extracting(GarbageReport.Orphan::key).containsExactly(old);
        assertThat(report.removed()).isZero();
        assertThat(keys()).containsExactly(old);
    }

    @Test
    void zeroGraceTakesEveryOrphanAndDeletedPostsLeaveTheirBlobsToGc() {
        Post post = tanken.upload(TestPhotos.twoToneJpeg(600, 400, 35.0, 135.0, 1), UploadOptions.by("aiko")).post();
        db.deletePost(post.id());

        GarbageReport report = tanken.collectGarbage(false, Duration.ZERO);

        assertThat(report.orphans()).extracting(GarbageReport.Orphan::key)
                .containsExactlyInAnyOrderElementsOf(post.blobKeys());
        assertThat(report.removed()).isEqualTo(3);
        assertThat(keys()).isEmpty();
    }

    @Test
    void aBlobAdoptedByAnUploadDuringCollectionIsKept() throws Exception {
        String key = orphan(4, Duration.ofHours(2));
        // The batch check says "unreferenced"; by the time of the delete an upload refers to it.
        DatabaseService racing = new ForwardingDatabaseService(db) {
            @Override
            public Set<String> referencedBlobKeys(Collection<String> blobKeys) {
                return Set.of();
            }

            @Override
            public boolean isBlobReferenced(String blobKey) {
                return true;
            }
        };

        GarbageReport report = Tanken.using(racing, blobs, null).collectGarbage(false);

        assertThat(report.orphans()).isEmpty();
        assertThat(keys()).containsExactly(key);
    }

    @Test
    void negativeGraceIsRejected() {
        assertThatThrownBy(() -> tanken.collectGarbage(false, Duration.ofMinutes(-1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("grace");
    }

    @Test
    void batchesOfManyBlobsAreAllChecked() throws Exception {
        Post post = tanken.upload(TestPhotos.jpeg(1, 2, 5), UploadOptions.by("aiko")).post();
        // A listing longer than two of the collector's 500-key batches, the post's blobs in the middle;
        // the other keys are listed but not stored, so the run must be dry.
        List<String> orphans = new java.util.ArrayList<>();
        List<BlobInfo> listing = new java.util.ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            byte[] bytes = ("blob " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            orphans.add(sha256(bytes));
            listing.add(new BlobInfo(sha256(bytes), bytes.length, Instant.now().minus(Duration.ofDays(1))));
            if (i == 700) {
                try (Stream<BlobInfo> real = blobs.list()) {
                    real.forEach(listing::add);
                }
            }
        }
        BlobStore listed = new ForwardingBlobStore(blobs) {
            @Override
            public Stream<BlobInfo> list() {
                return listing.stream();
            }
        };

        GarbageReport report = Tanken.using(db, listed, null).collectGarbage(true, Duration.ZERO);

        assertThat(report.scanned()).isEqualTo(listing.size());
        assertThat(report.orphans()).extracting(GarbageReport.Orphan::key).containsExactlyElementsOf(orphans);
        assertThat(post.blobKeys()).allMatch(blobs::exists);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
