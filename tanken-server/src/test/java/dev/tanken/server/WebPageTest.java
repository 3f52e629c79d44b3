package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationGrid;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.TestIssuer;
import dev.tanken.testing.TestPhotos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page at {@code /} in a real browser: the suite in src/test/web drives the system's Chromium
 * through playwright-core against a server over a seeded store, with tiles off (the test machines
 * have no internet, so the page must draw the bundled basemap). Needs node, npm and chromium; without
 * them this test fails, it does not skip. Screenshots go to target/web-screenshots.
 */
class WebPageTest {
    private static final Path WEB_TESTS = Path.of("src/test/web").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target/web-screenshots").toAbsolutePath();
    /** Shibuya: where the seeded posts are and the page opens. */
    private static final GeoPoint CENTER = GeoPoint.of(35.6595, 139.7005);
    private static final String OIDC_CLIENT = "tanken-web-test";

    @Test
    void thePageShowsWhatTheApiAnswersAndChangesWhatItSays(@TempDir Path tmp) throws Exception {
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 600);
        Files.createDirectories(SCREENSHOTS);
        ServerOptions options = ServerOptions.defaults().withRateLimit(0, 1).withWeb(WebOptions.offline());
        // A second server signs people in with OIDC ID tokens from a local issuer, for the page's
        // Google sign-in (the test stands in for Google's script, which needs the internet).
        try (TestIssuer issuer = TestIssuer.start();
                EmbeddedServer server = EmbeddedServer.start(options);
                EmbeddedServer oidc = EmbeddedServer.start(options.withAuth(
                        AuthOptions.oidc(issuer.issuer(), OIDC_CLIENT).withMinKeyRefresh(java.time.Duration.ZERO)))) {
            ObjectNode fixture = seed(server.tanken(), tmp);
            RSAKey key = TestIssuer.rsaKey("web-k1");
            issuer.publish(key);
            Post oidcPost = oidc.tanken().upload(TestPhotos.jpeg(CENTER.latitude(), CENTER.longitude(), 600),
                    UploadOptions.by("aiko").withCaption("OIDC 🔑")).post();
            fixture.putObject("oidc").put("url", oidc.uri().toString()).put("postId", oidcPost.id().toString())
                    .put("token", TestIssuer.sign(key, issuer.claims(OIDC_CLIENT, "sub-web-test").build()));
            Path fixtureFile = tmp.resolve("fixture.json");
            Path resultFile = tmp.resolve("result.json");
            new ObjectMapper().writeValue(fixtureFile.toFile(), fixture);
            String output = run(List.of("node", "--test", "--test-reporter=spec", "--test-concurrency=1",
                    "web.test.mjs"), Map.of(
                            "TANKEN_URL", server.uri().toString(),
                            "TANKEN_FIXTURE", fixtureFile.toString(),
                            "TANKEN_RESULT", resultFile.toString(),
                            "TANKEN_SCREENSHOTS", SCREENSHOTS.toString(),
                            "TANKEN_CHROMIUM", System.getenv().getOrDefault("TANKEN_CHROMIUM", "/usr/bin/chromium")),
                    900);
            assertThat(output).contains("ℹ fail 0", "ℹ skipped 0", "ℹ todo 0").doesNotContain("ℹ pass 0");

            // What the page showed after its last like is what the database holds.
            JsonNode result = new ObjectMapper().readTree(resultFile.toFile());
            Post liked = server.tanken().post(PostId.parse(result.get("likedPostId").asText())).orElseThrow();
            assertThat(liked.likes()).isEqualTo(result.get("likesShown").asLong());
            Post commented = server.tanken().post(PostId.parse(result.get("commentedPostId").asText())).orElseThrow();
            assertThat(commented.comments()).isEqualTo(result.get("commentsShown").asLong()).isPositive();
            // The uploaded fixture is stored where its EXIF says.
            Post uploaded = server.tanken().post(PostId.parse(result.get("uploadedPostId").asText())).orElseThrow();
            assertThat(uploaded.location().latitude()).isCloseTo(fixture.get("upload").get("latitude").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-5));
            // The photo without GPS was placed by a click, then deleted by its author from the page.
            assertThat(server.tanken().post(PostId.parse(result.get("placedPostId").asText()))).isEmpty();
            // The tags set from the page are the stored ones.
            Post tagged = server.tanken().post(PostId.parse(result.get("taggedPostId").asText())).orElseThrow();
            List<String> tagsShown = new ArrayList<>();
            result.get("tagsShown").forEach(t -> tagsShown.add(t.asText()));
            assertThat(tagged.tags()).isEqualTo(tagsShown).contains("公園");
            // The comment removed from the page is gone from the store, and the count shown is the stored one.
            PostId discussed = PostId.parse(result.get("discussedPostId").asText());
            assertThat(server.tanken().comments(discussed, 100, null).items())
                    .extracting(c -> c.id().toString()).doesNotContain(result.get("removedCommentId").asText());
            assertThat(server.tanken().post(discussed).orElseThrow().comments())
                    .isEqualTo(result.get("discussedCommentsShown").asLong());
            // The caption written on the page is the stored one.
            Post captioned = server.tanken().post(PostId.parse(result.get("captionedPostId").asText())).orElseThrow();
            assertThat(captioned.caption()).isEqualTo(result.get("captionShown").asText()).isEqualTo("代々木公園の紅葉 🍁");
            // The precision chosen on the page last is the stored one.
            Post changed = server.tanken().post(PostId.parse(result.get("precisionPostId").asText())).orElseThrow();
            assertThat(changed.locationPrecision()).isEqualTo(LocationPrecision.APPROXIMATE);
            assertThat(result.get("precisionShown").asText()).isEqualTo("LOCATION_PRECISION_APPROXIMATE");
            // The like given after Google sign-in is stored.
            assertThat(oidc.tanken().post(oidcPost.id()).orElseThrow().likes()).isEqualTo(1);
        }
        assertThat(SCREENSHOTS.resolve("phone.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("desktop.png")).isNotEmptyFile();
    }

    /** Posts around Shibuya: aiko's exact ones, ben's approximate one and ben's hidden one. */
    private static ObjectNode seed(Tanken tanken, Path tmp) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode fixture = json.createObjectNode();
        fixture.putObject("center").put("latitude", CENTER.latitude()).put("longitude", CENTER.longitude());
        String[] captions = {"渋谷スクランブル交差点 🚦", "Hachikō waits 🐕", "ラーメン 🍜 at midnight", "Yoyogi park 🌳",
            "Miyashita rooftop", "Center Gai lights ✨"};
        List<Post> aikos = new ArrayList<>();
        for (int i = 0; i < captions.length; i++) {
            byte[] photo = TestPhotos.jpeg(CENTER.latitude() + 0.0012 * i, CENTER.longitude() - 0.0009 * i, 100 + i);
            aikos.add(tanken.upload(photo, UploadOptions.by("aiko").withCaption(captions[i])
                    .withTags(List.of("shibuya"))).post());
        }
        // Posts of aiko's that only the tag and comment-removal tests change.
        fixture.putObject("tagged").put("postId", aikos.get(3).id().toString()).put("caption", captions[3]);
        fixture.putObject("discussed").put("postId", aikos.get(4).id().toString());
        GeoPoint approximate = GeoPoint.of(35.6613, 139.7031);
        Post approx = tanken.upload(TestPhotos.jpeg(approximate.latitude(), approximate.longitude(), 200),
                UploadOptions.by("ben").withCaption("somewhere near here").withPrecision(LocationPrecision.APPROXIMATE))
                .post();
        GeoPoint cell = LocationGrid.cellCentre(approximate);
        fixture.putObject("approximate").put("postId", approx.id().toString())
                .put("latitude", cell.latitude()).put("longitude", cell.longitude())
                .put("exactLatitude", approximate.latitude()).put("exactLongitude", approximate.longitude());
        // aiko's post whose precision the page changes: beside ben's approximate one, so its cell is
        // in view too.
        GeoPoint placed = GeoPoint.of(35.6609, 139.7038);
        Post exact = tanken.upload(TestPhotos.jpeg(placed.latitude(), placed.longitude(), 250),
                UploadOptions.by("aiko").withCaption("aiko's quiet corner 🤫").withPrecision(LocationPrecision.EXACT))
                .post();
        GeoPoint placedCell = LocationGrid.cellCentre(placed);
        fixture.putObject("precision").put("postId", exact.id().toString()).put("caption", "aiko's quiet corner 🤫")
                .put("latitude", placedCell.latitude()).put("longitude", placedCell.longitude())
                .put("exactLatitude", placed.latitude()).put("exactLongitude", placed.longitude());
        Post hidden = tanken.upload(TestPhotos.jpeg(35.6601, 139.7011, 300),
                UploadOptions.by("ben").withCaption("ben's secret spot").withPrecision(LocationPrecision.HIDDEN)).post();
        fixture.putObject("hidden").put("postId", hidden.id().toString()).put("caption", "ben's secret spot");

        GeoPoint upload = GeoPoint.of(35.6641, 139.6983);
        Path photo = tmp.resolve("harajuku-fixture.jpg");
        Files.write(photo, TestPhotos.jpeg(upload.latitude(), upload.longitude(), 400));
        fixture.putObject("upload").put("path", photo.toString())
                .put("latitude", upload.latitude()).put("longitude", upload.longitude());
        Path noGps = tmp.resolve("no-gps.jpg");
        Files.write(noGps, TestPhotos.jpegWithoutLocation(500, null));
        fixture.put("noGpsPath", noGps.toString());
        return fixture;
    }

    private static String run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("tanken-web-test", ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(WEB_TESTS.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed or not on PATH; the browser suite needs "
                    + "Node.js 20, npm and chromium (.ci/run installs them)", e);
        }
        p.getOutputStream().close();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        if (!finished) {
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + text);
        }
        System.out.println(text);
        assertThat(p.exitValue()).as(String.join(" ", command) + " failed:\n" + text).isZero();
        return text;
    }
}
