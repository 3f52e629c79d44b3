package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.GpsDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.model.LocationGrid;
import dev.tanken.model.GeoPoint;
import dev.tanken.testing.TestPhotos;
import dev.tanken.testing.TestS3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Location precision, picture downloads and blob GC through the command line. */
class PrivacyAndPicturesCommandTest {
    private static final GeoPoint PISA = GeoPoint.of(43.7230, 10.3966);

    @TempDir
    Path home;

    @TempDir
    Path work;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
    }

    private String upload(String user, long seed, String... extra) {
        Path photo = TestPhotos.writeJpeg(work, "p" + seed + ".jpg", PISA.latitude(), PISA.longitude(), seed);
        List<String> args = new ArrayList<>(List.of("upload", "--user", user, "--json"));
        args.addAll(List.of(extra));
        args.add(photo.toString());
        CliRunner.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JsonLines.parse(r.out()).get("postId").asText();
    }

    private List<JsonNode> nearby(String viewer) {
        CliRunner.Result r = cli.run("nearby", "--lat", "43.7230", "--lon", "10.3966", "--radius", "3km", "--as", viewer,
                "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> hits = new ArrayList<>();
        JsonLines.parse(r.out()).forEach(hits::add);
        return hits;
    }

    @Test
    void theAuthorChangesAPostsPrecisionAndOthersSeeItFollow() {
        String id = upload("mei", 3);
        String other = upload("ren", 4);
        assertThat(nearby("ren")).extracting(h -> h.get("postId").asText()).containsExactlyInAnyOrder(id, other);

        CliRunner.Result hide = cli.run("post", "edit", id, "--user", "mei", "--precision", "hidden");
        assertThat(hide.exitCode()).as(hide.toString()).isZero();
        assertThat(hide.out()).contains("post " + id + " now shown to others nowhere (hidden)");
        assertThat(nearby("ren")).extracting(h -> h.get("postId").asText()).containsExactly(other);
        assertThat(nearby("mei")).extracting(h -> h.get("postId").asText()).containsExactlyInAnyOrder(id, other);
        assertThat(JsonLines.parse(cli.run("post", "show", id, "--as", "ren", "--json").out()).get("latitude").isNull())
                .isTrue();

        CliRunner.Result approximate = cli.run("post", "edit", id, "--user", "mei", "--precision", "Approximate",
                "--json");
        assertThat(approximate.exitCode()).as(approximate.toString()).isZero();
        assertThat(JsonLines.parse(approximate.out()).get("locationPrecision").asText()).isEqualTo("approximate");
        JsonNode seen = nearby("ren").stream().filter(h -> h.get("postId").asText().equals(id)).findFirst()
                .orElseThrow();
        GeoPoint centre = LocationGrid.cellCentre(PISA);
        assertThat(seen.get("latitude").asDouble()).isCloseTo(centre.latitude(), org.assertj.core.data.Offset.offset(5e-8));

        CliRunner.Result notTheAuthor = cli.run("post", "edit", id, "--user", "ren", "--precision", "exact");
        assertThat(notTheAuthor.exitCode()).as(notTheAuthor.toString()).isEqualTo(2);
        assertThat(notTheAuthor.err()).contains("only the post's author (mei)");
        CliRunner.Result typo = cli.run("post", "edit", id, "--user", "mei", "--precision", "fuzzy");
        assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(2);
        assertThat(typo.err()).contains("exact, approximate or hidden");
        assertThat(JsonLines.parse(cli.run("post", "show", id, "--as", "ren", "--json").out())
                .get("locationPrecision").asText()).isEqualTo("approximate");

        // The same precision again changes nothing and records nothing.
        assertThat(cli.run("post", "edit", id, "--user", "mei", "--precision", "approximate").exitCode()).isZero();
        List<JsonNode> entries = new ArrayList<>();
        JsonLines.parse(cli.run("activity", "--action", "post.precision", "--json").out()).forEach(entries::add);
        assertThat(entries).hasSize(2);
    }

    @Test
    void othersSeeAnApproximatePostAtItsCellCentreAndNeverAHiddenOne() {
        String approximate = upload("mei", 1, "--precision", "approximate");
        String hidden = upload("mei", 2, "--precision", "hidden");
        cli.run("user", "add", "ren");

        List<JsonNode> forRen = nearby("ren");
        assertThat(forRen).extracting(h -> h.get("postId").asText()).containsExactly(approximate);
        GeoPoint centre = LocationGrid.cellCentre(PISA);
        // Printed to 7 decimals (a centimetre), without the float noise of the computed centre.
        assertThat(forRen.get(0).get("latitude").asDouble()).isCloseTo(centre.latitude(), org.assertj.core.data.Offset.offset(5e-8));
        assertThat(forRen.get(0).get("longitude").asDouble()).isCloseTo(centre.longitude(), org.assertj.core.data.Offset.offset(5e-8));
        assertThat(forRen.get(0).get("locationPrecision").asText()).isEqualTo("approximate");

        assertThat(nearby("mei")).extracting(h -> h.get("postId").asText()).containsExactlyInAnyOrder(approximate, hidden);
        assertThat(nearby("mei")).allSatisfy(h -> assertThat(h.get("distanceMeters").asDouble()).isCloseTo(0, within(0.01)));

        JsonNode shownToRen = JsonLines.parse(cli.run("post", "show", hidden, "--as", "ren", "--json").out());
        assertThat(shownToRen.get("latitude").isNull()).isTrue();
        assertThat(shownToRen.get("locationPrecision").asText()).isEqualTo("hidden");
        CliRunner.Result human = cli.run("post", "show", hidden, "--as", "ren");
        assertThat(human.out()).contains("location    hidden");
        JsonNode shownToMei = JsonLines.parse(cli.run("post", "show", hidden, "--as", "mei", "--json").out());
        assertThat(shownToMei.get("latitude").asDouble()).isCloseTo(PISA.latitude(), within(1e-6));
    }

    @Test
    void usersDefaultPrecisionAppliesToUploadsWithoutOne() {
        CliRunner.Result added = cli.run("user", "add", "ken", "--precision", "hidden", "--json");
        assertThat(JsonLines.parse(added.out()).get("defaultLocationPrecision").asText()).isEqualTo("hidden");
        String first = upload("ken", 3);
        CliRunner.Result set = cli.run("user", "set-precision", "ken", "approximate");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        String second = upload("ken", 4);
        String third = upload("ken", 5, "--precision", "exact");

        assertThat(precisionOf(first)).isEqualTo("hidden");
        assertThat(precisionOf(second)).isEqualTo("approximate");
        assertThat(precisionOf(third)).isEqualTo("exact");

        CliRunner.Result bad = cli.run("user", "set-precision", "ken", "fuzzy");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("fuzzy");
    }

    private String precisionOf(String postId) {
        return JsonLines.parse(cli.run("post", "show", postId, "--json").out()).get("locationPrecision").asText();
    }

    @Test
    void downloadSavesTheRequestedSizeAndKeepsTheOriginalToItsAuthor() throws Exception {
        Path photo = work.resolve("big.jpg");
        Files.write(photo, TestPhotos.twoToneJpeg(1600, 1200, PISA.latitude(), PISA.longitude(), 1));
        String id = JsonLines.parse(cli.run("upload", "--user", "mei", "--json", photo.toString()).out())
                .get("postId").asText();
        cli.run("user", "add", "ren");
        Path downloads = work.resolve("downloads");

        CliRunner.Result thumb = cli.run("post", "show", id, "--as", "ren", "--download", downloads.toString(),
                "--size", "thumb", "--json");
        assertThat(thumb.exitCode()).as(thumb.toString()).isZero();
        Path thumbFile = Path.of(JsonLines.parse(thumb.out()).get("downloadedTo").asText());
        assertThat(thumbFile).isEqualTo(downloads.resolve(id + "-thumb.jpg"));
        assertThat(ImageMetadataReader.readMetadata(thumbFile.toFile()).getFirstDirectoryOfType(GpsDirectory.class))
                .isNull();
        assertThat(javax.imageio.ImageIO.read(thumbFile.toFile()).getWidth()).isEqualTo(256);

        CliRunner.Result large = cli.run("post", "show", id, "--as", "ren", "--download", downloads.toString());
        assertThat(large.out()).contains("downloaded  " + downloads.resolve(id + "-large.jpg"));
        assertThat(javax.imageio.ImageIO.read(downloads.resolve(id + "-large.jpg").toFile()).getWidth()).isEqualTo(1080);

        CliRunner.Result refused = cli.run("post", "show", id, "--as", "ren", "--download", downloads.toString(),
                "--size", "original");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("private");
        assertThat(downloads.resolve(id + "-original.jpg")).doesNotExist();

        CliRunner.Result original = cli.run("post", "show", id, "--as", "mei", "--download", downloads.toString(),
                "--size", "original");
        assertThat(original.exitCode()).as(original.toString()).isZero();
        assertThat(Files.readAllBytes(downloads.resolve(id + "-original.jpg"))).isEqualTo(Files.readAllBytes(photo));
        try (var files = Files.list(downloads)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void blobsGcRemovesOrphansOlderThanTheGracePeriod() throws Exception {
        upload("mei", 6);
        byte[] junk = "not a picture of any post".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String junkKey;
        try (BlobStore blobs = new FileSystemBlobStore(home.resolve("blobs"))) {
            junkKey = blobs.put(junk, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(junk)),
                    "text/plain").key();
        }

        JsonNode kept = JsonLines.parse(cli.run("blobs", "gc", "--json").out());
        assertThat(kept.get("orphans")).isEmpty();
        assertThat(kept.get("youngUnreferenced").asLong()).isEqualTo(1);

        JsonNode dry = JsonLines.parse(cli.run("blobs", "gc", "--dry-run", "--grace", "0", "--json").out());
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("orphans").get(0).get("key").asText()).isEqualTo(junkKey);
        assertThat(dry.get("removed").asLong()).isZero();

        CliRunner.Result removed = cli.run("blobs", "gc", "--grace", "0");
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(removed.out()).contains("removed  " + junkKey).contains("1 removed");
        JsonNode after = JsonLines.parse(cli.run("blobs", "gc", "--grace", "0", "--json").out());
        assertThat(after.get("orphans")).isEmpty();
        assertThat(after.get("scanned").asLong()).isPositive();

        CliRunner.Result bad = cli.run("blobs", "gc", "--grace", "soon");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--grace");
    }

    @Test
    void s3BlobStoreWorksFromTheCommandLine() {
        String url = TestS3Server.shared().newBucketUrl();
        cli.env("TANKEN_BLOB_URL", url);
        String id = upload("mei", 7);

        CliRunner.Result downloaded = cli.run("post", "show", id, "--download", work.resolve("d").toString(),
                "--size", "thumb", "--json");
        assertThat(downloaded.exitCode()).as(downloaded.toString()).isZero();
        JsonNode gc = JsonLines.parse(cli.run("blobs", "gc", "--grace", "0", "--json").out());
        assertThat(gc.get("scanned").asLong()).isEqualTo(2); // original, and one copy for both sizes of a tiny photo
        assertThat(gc.get("orphans")).isEmpty();
        assertThat(downloaded.toString()).doesNotContain(TestS3Server.SECRET_KEY);
    }
}
