package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tanken.model.GeoPoint;
import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the server answers for the page: the page with its settings, its files, and the basemap. */
class WebPageServingTest {
    private static EmbeddedServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start(ServerOptions.defaults().withRateLimit(0, 1)
                .withWeb(WebOptions.parseTiles("https://{s}.tiles.example/{z}/{x}/{y}.png", "Tiles &copy; Example",
                        GeoPoint.of(35.0116, 135.7681))));
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thePageCarriesTheServersSettings() throws IOException {
        HttpResponse<String> page = http.text(http.request("/").GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String json = page.body().replaceAll("(?s).*<script id=\"tanken-config\" type=\"application/json\">(.*?)</script>.*", "$1");
        JsonNode config = new ObjectMapper().readTree(json);
        assertThat(config.get("tiles").asText()).isEqualTo("https://{s}.tiles.example/{z}/{x}/{y}.png");
        assertThat(config.get("attribution").asText()).isEqualTo("Tiles &copy; Example");
        assertThat(config.get("center").get("latitude").asDouble()).isEqualTo(35.0116);
        assertThat(config.get("auth").asText()).isEqualTo("dev");
        // Scripts only from the server; images from the server and the tile host.
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("script-src 'self';", "img-src 'self' data: blob: https://*.tiles.example;");
    }

    @Test
    void filesAreCachedByTheirHashAndGzippedWhenAsked() {
        HttpResponse<byte[]> plain = http.bytes(http.request("/assets/app.js").GET().build());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = http.bytes(http.request("/assets/app.js").header("If-None-Match", etag).GET().build());
        assertThat(again.statusCode()).isEqualTo(304);
        HttpResponse<byte[]> gzipped = http.bytes(http.request("/assets/leaflet.js").header("Accept-Encoding", "gzip")
                .GET().build());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.body().length).isLessThan(60_000);
    }

    @Test
    void unknownFilesAndOtherMethodsAreRefusedClearly() {
        assertThat(http.text(http.request("/assets/nothing.js").GET().build()).statusCode()).isEqualTo(404);
        // Jetty itself refuses an encoded path separator (400) before any handler sees it.
        assertThat(http.text(http.request("/assets/..%2Findex.html").GET().build()).statusCode()).isIn(400, 404);
        assertThat(http.text(http.request("/assets/Leaflet.JS").GET().build()).statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.text(http.request("/").POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("GET");
    }

    @Test
    void theBasemapIsLandCoastsAndBordersCutToTheView() throws IOException {
        // Tokyo Bay at zoom 10: land and coast, no country border.
        JsonNode tokyo = basemap("139.5,35.3,140.1,35.8", 10);
        assertThat(tokyo.get("type").asText()).isEqualTo("FeatureCollection");
        JsonNode land = feature(tokyo, "land");
        assertThat(land.get("geometry").get("type").asText()).isEqualTo("MultiPolygon");
        assertThat(land.get("geometry").get("coordinates").size()).isPositive();
        JsonNode coast = feature(tokyo, "coast").get("geometry").get("coordinates");
        assertThat(coast.size()).isPositive();
        double margin = 0.1;
        for (JsonNode polygon : land.get("geometry").get("coordinates")) {
            for (JsonNode point : polygon.get(0)) {
                assertThat(point.get(0).asDouble()).isBetween(139.5 - margin, 140.1 + margin);
                assertThat(point.get(1).asDouble()).isBetween(35.3 - margin, 35.8 + margin);
            }
        }
        assertThat(feature(tokyo, "border").get("geometry").get("coordinates").size()).isZero();
        // Western Europe has borders.
        assertThat(feature(basemap("0,45,10,52", 6), "border").get("geometry").get("coordinates").size()).isPositive();
    }

    @Test
    void theWholeWorldAtLowZoomIsSmall() {
        HttpResponse<byte[]> world = http.bytes(http.request("/basemap.geojson?bbox=-180,-85,180,85&zoom=2")
                .header("Accept-Encoding", "gzip").GET().build());
        assertThat(world.statusCode()).isEqualTo(200);
        assertThat(world.headers().firstValue("Content-Type")).hasValue("application/geo+json");
        assertThat(world.body().length).as("gzipped world at zoom 2").isLessThan(100_000);
    }

    @Test
    void badBasemapQueriesNameTheProblem() {
        assertError("/basemap.geojson?zoom=3", "bbox is required");
        assertError("/basemap.geojson?bbox=1,2,3&zoom=3", "west,south,east,north");
        assertError("/basemap.geojson?bbox=10,2,3,4&zoom=3", "west less than east");
        assertError("/basemap.geojson?bbox=a,b,c,d&zoom=3", "four numbers");
        assertError("/basemap.geojson?bbox=1,2,3,4", "zoom is required");
        assertError("/basemap.geojson?bbox=1,2,3,4&zoom=25", "zoom must be 0 to 20");
        assertError("/basemap.geojson?bbox=1,2,3,4&zoom=near", "whole number");
    }

    private static void assertError(String path, String message) {
        HttpResponse<String> r = http.text(http.request(path).GET().build());
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        assertThat(r.body()).as(path).contains("invalid_argument", message);
    }

    private static JsonNode basemap(String bbox, int zoom) throws IOException {
        HttpResponse<byte[]> r = http.bytes(http.request("/basemap.geojson?bbox=" + bbox + "&zoom=" + zoom)
                .header("Accept-Encoding", "gzip").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        byte[] body = r.headers().firstValue("Content-Encoding").isPresent()
                ? new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes() : r.body();
        return new ObjectMapper().readTree(body);
    }

    private static JsonNode feature(JsonNode collection, String kind) {
        for (JsonNode f : collection.get("features")) {
            if (f.get("properties").get("kind").asText().equals(kind)) {
                return f;
            }
        }
        throw new AssertionError("no " + kind + " feature");
    }
}
