package dev.tanken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Page;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Putting Tanken together: what it opens it closes, what it is handed stays the caller's. */
class TankenBuilderTest {
    @TempDir
    Path dir;

    @Test
    void opensBackendsByUrlAndClosesThemOnClose() {
        Tanken tanken = Tanken.builder()
                .database("sqlite:" + dir.resolve("t.db"))
                .blobs("file:" + dir.resolve("blobs"))
                .noCache()
                .build();
        DatabaseService db = tanken.database();
        tanken.upload(TestPhotos.jpeg(35.68, 139.76, 1), UploadOptions.by("aiko"));
        assertThat(tanken.nearby(NearbyQuery.around(GeoPoint.of(35.68, 139.76), 1_000)).items()).hasSize(1);
        tanken.close();

        assertThatThrownBy(db::countPosts).isInstanceOf(TankenException.class);
    }

    @Test
    void borrowedBackendsStayOpenAfterClose() {
        try (SqliteDatabaseService db = SqliteDatabaseService.open(dir.resolve("t.db"))) {
            try (Tanken tanken = Tanken.builder().database(db).blobs(new FileSystemBlobStore(dir.resolve("b"))).build()) {
                tanken.upload(TestPhotos.jpeg(35.68, 139.76, 2), UploadOptions.by("aiko"));
            }
            assertThat(db.countPosts()).isEqualTo(1);
        }
    }

    @Test
    void aHandedInDatabaseClosesWithTankenWhenAskedTo() {
        SqliteDatabaseService db = SqliteDatabaseService.open(dir.resolve("t.db"));
        Tanken.builder().database(db, true).blobs(new FileSystemBlobStore(dir.resolve("b"))).build().close();
        assertThatThrownBy(db::countPosts).isInstanceOf(TankenException.class);
    }

    @Test
    void aFailedBuildClosesWhatItOpened() throws Exception {
        Path dbFile = dir.resolve("t.db");
        assertThatThrownBy(() -> Tanken.builder().database("sqlite:" + dbFile).blobs("nosuch://x").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unsupported blob store URL 'nosuch://x'");
        // Closed: the file can be removed and opened again without a lock in the way.
        Files.delete(dbFile);
        try (Tanken again = Tanken.builder().database("sqlite:" + dbFile).blobs("file:" + dir.resolve("b")).build()) {
            assertThat(again.database().countPosts()).isZero();
        }
    }

    @Test
    void anUnknownSchemeNamesTheForms() {
        assertThatThrownBy(() -> Tanken.builder().database("mysql://db/tanken").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unsupported database URL 'mysql://db/tanken'")
                .hasMessageContaining("sqlite:")
                .hasMessageContaining("postgresql://");
    }

    @Test
    void theInjectedClockDecidesWhatGarbageIsOldEnough() throws Exception {
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("b"));
        byte[] bytes = TestPhotos.jpeg(1, 1, 3);
        String key = blobs.put(bytes, sha256(bytes), "image/jpeg").key();
        Files.setLastModifiedTime(blobs.pathOf(key), FileTime.from(Instant.now()));
        Clock tomorrow = Clock.fixed(Instant.now().plus(Duration.ofDays(1)), ZoneOffset.UTC);
        try (SqliteDatabaseService db = SqliteDatabaseService.open(dir.resolve("t.db"))) {
            Tanken now = Tanken.builder().database(db).blobs(blobs).build();
            assertThat(now.collectGarbage(true, Duration.ofHours(1)).removed()).isZero();
            Tanken later = Tanken.builder().database(db).blobs(blobs).clock(tomorrow).build();
            assertThat(later.collectGarbage(false, Duration.ofHours(1)).removed()).isEqualTo(1);
        }
    }

    @Test
    void aCacheUrlBuildsTheTierWithTheSettingsTheUrlCarries() {
        TankenConfig config = TankenConfig.embedded(dir)
                .withCacheUrl(RedisTestNamespace.url() + "&policy=write-back&flush-batch-size=7");
        try (Tanken tanken = Tanken.builder().config(config).build()) {
            assertThat(tanken.cache()).isPresent();
            assertThat(tanken.cache().orElseThrow().options().defaultPolicy()).isEqualTo(WritePolicy.WRITE_BACK);
            assertThat(tanken.cache().orElseThrow().options().flushBatchSize()).isEqualTo(7);
            tanken.upload(TestPhotos.jpeg(35.68, 139.76, 4), UploadOptions.by("aiko"));
            tanken.flush();
            Page<NearbyPost> page = tanken.nearby(NearbyQuery.around(GeoPoint.of(35.68, 139.76), 1_000));
            assertThat(page.items()).hasSize(1);
            assertThat(tanken.database().countPosts()).isEqualTo(1);
        }
    }

    @Test
    void tierSettingsOnTheBuildersCacheUrlTuneTheTier() {
        try (Tanken tanken = Tanken.builder().database("sqlite:" + dir.resolve("t.db")).blobs("file:" + dir.resolve("b"))
                .cache(RedisTestNamespace.url() + "&entry-ttl=10m&flusher=false").build()) {
            assertThat(tanken.cache().orElseThrow().options().entryTtl()).isEqualTo(Duration.ofMinutes(10));
            assertThat(tanken.cache().orElseThrow().options().runFlusher()).isFalse();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
