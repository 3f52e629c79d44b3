package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.UploadOptions;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureSize;
import dev.tanken.model.Post;
import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import dev.tanken.testing.TestPhotos;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pictures over HTTP: content-hash ETags, immutable caching, 304s, ranges, and the library's privacy rules. */
class PicturesTest {
    private static EmbeddedServer server;
    private static Http http;
    private static Post post;
    private static byte[] original;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.dev();
        http = new Http(server.uri());
        original = TestPhotos.jpeg(35.6595, 139.7005, 11);
        post = server.tanken().upload(original, UploadOptions.by("aiko").withPrecision(LocationPrecision.HIDDEN))
                .post();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder b = http.request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.bytes(b.build());
    }

    private static String path(PictureSize size) {
        return "/pictures/" + post.id() + "/" + size.code();
    }

    @Test
    void copiesCarryAStrongEtagAndAreImmutable() throws Exception {
        HttpResponse<byte[]> thumb = get(path(PictureSize.THUMB));
        assertThat(thumb.statusCode()).isEqualTo(200);
        String sha = post.variant(PictureSize.THUMB).orElseThrow().sha256();
        assertThat(thumb.headers().firstValue("etag")).hasValue("\"" + sha + "\"");
        assertThat(thumb.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(thumb.headers().firstValue("content-type")).hasValue("image/jpeg");
        assertThat(thumb.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(java.security.MessageDigest.getInstance("SHA-256").digest(thumb.body()))
                .isEqualTo(java.util.HexFormat.of().parseHex(sha));
        // A served copy has no GPS, even of a post whose location is hidden from everyone but its author.
        assertThat(new String(thumb.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("GPS");
    }

    @Test
    void aMatchingEtagIs304() {
        String etag = get(path(PictureSize.LARGE)).headers().firstValue("etag").orElseThrow();
        HttpResponse<byte[]> again = get(path(PictureSize.LARGE), "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get(path(PictureSize.LARGE), "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void rangesAreServed() {
        byte[] whole = get(path(PictureSize.LARGE)).body();
        HttpResponse<byte[]> part = get(path(PictureSize.LARGE), "Range", "bytes=10-19");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(whole, 10, 20));
        assertThat(part.headers().firstValue("content-range")).hasValue("bytes 10-19/" + whole.length);
        HttpResponse<byte[]> tail = get(path(PictureSize.LARGE), "Range", "bytes=-5");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 5, whole.length));
        HttpResponse<byte[]> outside = get(path(PictureSize.LARGE), "Range", "bytes=" + whole.length + "-");
        assertThat(outside.statusCode()).isEqualTo(416);
        assertThat(outside.headers().firstValue("content-range")).hasValue("bytes */" + whole.length);
        // If-Range with another validator: the picture changed for the client, so it gets all of it.
        assertThat(get(path(PictureSize.LARGE), "Range", "bytes=0-1", "If-Range", "\"old\"").statusCode())
                .isEqualTo(200);
    }

    @Test
    void theOriginalIsForItsAuthorOnly() {
        assertThat(get(path(PictureSize.ORIGINAL)).statusCode()).isEqualTo(403);
        assertThat(get(path(PictureSize.ORIGINAL), "X-Tanken-User", "ben").statusCode()).isEqualTo(403);
        HttpResponse<byte[]> own = get(path(PictureSize.ORIGINAL), "X-Tanken-User", "aiko");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).isEqualTo(original);
        assertThat(own.headers().firstValue("cache-control")).hasValue("private, max-age=31536000, immutable");
    }

    /**
     * The original's answer depends on who asks: a browser that kept it for its author must not hand
     * it to the next person signed in on the same browser, whose request carries other credentials.
     */
    @Test
    void theOriginalVariesByTheCredentials() {
        HttpResponse<byte[]> own = get(path(PictureSize.ORIGINAL), "X-Tanken-User", "aiko");
        assertThat(own.statusCode()).isEqualTo(200);
        String vary = String.join(",", own.headers().allValues("vary")).toLowerCase(java.util.Locale.ROOT);
        assertThat(vary).contains("authorization", "x-tanken-user");
        String etag = own.headers().firstValue("etag").orElseThrow();
        HttpResponse<byte[]> again = get(path(PictureSize.ORIGINAL), "X-Tanken-User", "aiko", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(String.join(",", again.headers().allValues("vary")).toLowerCase(java.util.Locale.ROOT))
                .contains("authorization", "x-tanken-user");
    }

    @Test
    void badPathsAreClearErrors() {
        assertThat(get("/pictures/" + post.id() + "/huge").statusCode()).isEqualTo(400);
        assertThat(get("/pictures/not-an-id/thumb").statusCode()).isEqualTo(400);
        assertThat(get("/pictures/01900000-0000-7000-8000-000000000000/thumb").statusCode()).isEqualTo(404);
        assertThat(get("/pictures/" + post.id()).statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.text(http.request(path(PictureSize.THUMB))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
