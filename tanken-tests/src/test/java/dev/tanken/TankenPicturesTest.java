package dev.tanken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.db.DatabaseService;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.model.LocationGrid;
import dev.tanken.ingest.PhotoInspector;
import dev.tanken.ingest.IngestLimits;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureSize;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.testing.TestPhotos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Served copies and location privacy through the facade, on SQLite and the filesystem store. */
class TankenPicturesTest {
    private static final Path FIXTURES = TestPhotos.FIXTURES;

    @TempDir
    Path dir;

    private DatabaseService db;
    private BlobStore blobs;
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

    private byte[] read(Post post, PictureSize size, UUID viewer) throws IOException {
        try (PictureStream picture = tanken.openPicture(post.id(), size, viewer).orElseThrow()) {
            return picture.stream().readAllBytes();
        }
    }

    @Test
    void uploadMakesUprightCopiesWithinTheirSizes() throws Exception {
        // Stored landscape 2400x1800, orientation 6: shown portrait, the stored left (red) half on top.
        byte[] photo = TestPhotos.twoToneJpeg(2400, 1800, 35.0116, 135.7681, 6);

        Post post = tanken.upload(photo, UploadOptions.by("aiko")).post();

        assertThat(post.variants()).extracting(PictureVariant::size)
                .containsExactly(PictureSize.THUMB, PictureSize.LARGE);
        assertThat(post.variantsNote()).isNull();
        for (PictureVariant v : post.variants()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(read(post, v.size(), null)));
            assertThat(image.getHeight()).as(v.size().code()).isEqualTo(v.size().longSide());
            assertThat(image.getWidth()).as(v.size().code()).isEqualTo(v.size().longSide() * 3 / 4);
            assertThat(v.width()).isEqualTo(image.getWidth());
            assertThat(v.height()).isEqualTo(image.getHeight());
            assertThat(isRed(image.getRGB(image.getWidth() / 2, image.getHeight() / 4))).as("top").isTrue();
            assertThat(isBlue(image.getRGB(image.getWidth() / 2, image.getHeight() * 3 / 4))).as("bottom").isTrue();
        }
        assertThat(db.findPost(post.id())).contains(post);
    }

    @Test
    void servedCopiesCarryNoGpsOrExifButTheOriginalKeepsThem() throws Exception {
        byte[] photo = TestPhotos.twoToneJpeg(640, 480, -33.8568, 151.2153, 1);
        Post post = tanken.upload(photo, UploadOptions.by("aiko")).post();
        assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(photo))
                .getFirstDirectoryOfType(GpsDirectory.class)).as("the test photo has GPS").isNotNull();

        for (PictureSize size : new PictureSize[] {PictureSize.THUMB, PictureSize.LARGE}) {
            Metadata served = ImageMetadataReader.readMetadata(new ByteArrayInputStream(read(post, size, null)));
            assertThat(served.getFirstDirectoryOfType(GpsDirectory.class)).as(size.code()).isNull();
            assertThat(served.getFirstDirectoryOfType(ExifIFD0Directory.class)).as(size.code()).isNull();
        }
        byte[] original = read(post, PictureSize.ORIGINAL, post.author().id());
        assertThat(original).isEqualTo(photo);
    }

    @Test
    void theOriginalIsPrivateToItsAuthor() {
        Post post = tanken.upload(TestPhotos.jpeg(10, 20, 1), UploadOptions.by("aiko")).post();
        UUID ben = tanken.user("ben").id();

        assertThatThrownBy(() -> tanken.openPicture(post.id(), PictureSize.ORIGINAL, ben))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("private");
        assertThatThrownBy(() -> tanken.openPicture(post.id(), PictureSize.ORIGINAL, null))
                .isInstanceOf(ForbiddenException.class);
        assertThat(tanken.openPicture(dev.tanken.model.PostId.newId(), PictureSize.THUMB, ben)).isEmpty();
    }

    @Test
    void smallPictureIsNotEnlarged() throws Exception {
        Post post = tanken.upload(TestPhotos.jpeg(10, 20, 2), UploadOptions.by("aiko")).post();

        for (PictureVariant v : post.variants()) {
            assertThat(v.width()).isEqualTo(TestPhotos.WIDTH);
            assertThat(v.height()).isEqualTo(TestPhotos.HEIGHT);
        }
    }

    @Test
    void heicKeepsItsOriginalOnlyWithTheReason() throws Exception {
        Path heic = FIXTURES.resolve("heic-tokyo-skytree.heic");

        UploadResult result = tanken.upload(heic, UploadOptions.by("aiko"));

        assertThat(result.status()).isEqualTo(UploadResult.Status.CREATED);
        Post post = result.post();
        assertThat(post.variants()).isEmpty();
        assertThat(post.variantsNote()).contains("HEIC");
        assertThat(db.findPost(post.id()).orElseThrow().variantsNote()).isEqualTo(post.variantsNote());
        assertThatThrownBy(() -> tanken.openPicture(post.id(), PictureSize.THUMB, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("HEIC");
        assertThat(read(post, PictureSize.ORIGINAL, post.author().id())).isEqualTo(Files.readAllBytes(heic));
    }

    @Test
    void webpAndPngGetCopiesToo() {
        for (String name : new String[] {"webp-buenos-aires.webp", "webp-lossless-bondi.webp", "png-sydney-harbour.png"}) {
            Post post = tanken.upload(FIXTURES.resolve(name), UploadOptions.by("aiko")).post();
            assertThat(post.variants()).as(name).hasSize(2);
            assertThat(post.variant(PictureSize.LARGE).orElseThrow().mediaType()).isEqualTo("image/jpeg");
        }
        // Orientation 8 (turn 90° counter-clockwise): the 128x96 lossless WebP is served 96x128.
        Post bondi = db.findPostByPicture(tanken.user("aiko").id(),
                new PhotoInspector(IngestLimits.DEFAULT).read(FIXTURES.resolve("webp-lossless-bondi.webp")).sha256())
                .flatMap(db::findPost).orElseThrow();
        PictureVariant large = bondi.variant(PictureSize.LARGE).orElseThrow();
        assertThat(large.width()).isEqualTo(96);
        assertThat(large.height()).isEqualTo(128);
    }

    @Test
    void precisionComesFromTheUploadOrElseTheUsersDefault() {
        GeoPoint at = GeoPoint.of(48.8584, 2.2945);
        UUID ben = tanken.user("ben").id();
        Post exact = tanken.upload(TestPhotos.jpeg(at.latitude(), at.longitude(), 3), UploadOptions.by("aiko")).post();
        tanken.setDefaultLocationPrecision("aiko", LocationPrecision.APPROXIMATE);
        Post approximate = tanken.upload(TestPhotos.jpeg(at.latitude(), at.longitude(), 4), UploadOptions.by("aiko"))
                .post();
        Post hidden = tanken.upload(TestPhotos.jpeg(at.latitude(), at.longitude(), 5),
                UploadOptions.by("aiko").withPrecision(LocationPrecision.HIDDEN)).post();

        assertThat(exact.locationPrecision()).isEqualTo(LocationPrecision.EXACT);
        assertThat(approximate.locationPrecision()).isEqualTo(LocationPrecision.APPROXIMATE);
        assertThat(hidden.locationPrecision()).isEqualTo(LocationPrecision.HIDDEN);
        assertThat(tanken.post(approximate.id(), ben).orElseThrow().location()).isEqualTo(LocationGrid.cellCentre(
                approximate.location()));
        assertThat(tanken.nearby(at, 2_000, 10, null, ben).items()).extracting(n -> n.post().id())
                .containsExactly(exact.id(), approximate.id());
        assertThat(tanken.nearby(at, 2_000, 10, null, exact.author().id()).items()).hasSize(3);
    }

    private static boolean isRed(int rgb) {
        return ((rgb >> 16) & 0xff) > 200 && (rgb & 0xff) < 60;
    }

    private static boolean isBlue(int rgb) {
        return (rgb & 0xff) > 200 && ((rgb >> 16) & 0xff) < 60;
    }

}
