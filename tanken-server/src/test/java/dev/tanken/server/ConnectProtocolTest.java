package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tanken.api.v1.GetPostsByLocationRequest;
import dev.tanken.api.v1.GetPostsByLocationResponse;
import dev.tanken.api.v1.Location;
import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import dev.tanken.testing.TestPhotos;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Connect unary protocol as the spec gives it, and bad input answered with one clear error each. */
class ConnectProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NEARBY = "/tanken.v1.PostsService/GetPostsByLocation";
    private static final int MAX_MESSAGE = 64 * 1024;
    private static EmbeddedServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start(ServerOptions.defaults().withRateLimit(0, 1).withMaxMessageBytes(MAX_MESSAGE));
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jsonCallAnswersJson() throws Exception {
        HttpResponse<String> r = http.json("/tanken.v1.PostsService/GetNewPostId", "{}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(JSON.readTree(r.body()).get("postId").asText()).matches("[0-9a-f-]{36}");
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void protoCallAnswersProto() throws Exception {
        byte[] body = GetPostsByLocationRequest.newBuilder()
                .setLocation(Location.newBuilder().setLatitude(35.0).setLongitude(139.0)).setRadiusMeters(100).build()
                .toByteArray();
        HttpResponse<byte[]> r = http.bytes(http.request(NEARBY).header("Content-Type", "application/proto")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/proto");
        assertThat(GetPostsByLocationResponse.parseFrom(r.body()).getPostsList()).isEmpty();
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<String> r = http.text(http.request(NEARBY).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.headers().firstValue("accept-post")).hasValue("application/json, application/proto");
        assertError(r, "unknown");
        HttpResponse<String> latin1 = http.text(http.request(NEARBY).header("Content-Type",
                "application/json; charset=iso-8859-1").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(latin1.statusCode()).isEqualTo(415);
    }

    @Test
    void unknownMethodIs404Unimplemented() throws Exception {
        HttpResponse<String> r = http.json("/tanken.v1.PostsService/NoSuchMethod", "{}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertError(r, "unimplemented");
        assertThat(http.json("/no-such-path", "{}").statusCode()).isEqualTo(404);
        // "/" is the web page, read with GET.
        assertThat(http.json("/", "{}").statusCode()).isEqualTo(405);
    }

    /**
     * A refused call whose body is still on its way must leave the connection usable: a server that
     * answers and then drops the unread body closes a connection the client has already put back in
     * its pool, and the client's next call on it fails with no answer at all.
     */
    @Test
    void refusedCallsWithABodyStillArrivingKeepTheConnection() throws Exception {
        String[][] refusals = {
                {"/tanken.v1.PostsService/NoSuchMethod", "application/json", "404"},
                {"/no-such-path", "application/json", "404"},
                {"/", "application/json", "405"},
                {"/pictures/nothing.jpg", "application/json", "405"},
                {NEARBY, "text/plain", "415"}};
        for (String[] refusal : refusals) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.server().port())) {
                socket.setSoTimeout(30_000);
                java.io.OutputStream out = socket.getOutputStream();
                java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                out.write(("POST " + refusal[0] + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + refusal[1]
                        + "\r\nContent-Length: 2\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                // The body comes after the server has seen the headers, as it does on a busy network.
                Thread.sleep(150);
                out.write("{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                String first = readResponse(in);
                assertThat(first).as(refusal[0]).startsWith("HTTP/1.1 " + refusal[2]);
                assertThat(first.toLowerCase(java.util.Locale.ROOT)).as(refusal[0]).doesNotContain("connection: close");
                out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponse(in)).as("the call after " + refusal[0]).startsWith("HTTP/1.1 200");
            }
        }
    }

    /** One HTTP/1.1 response with a Content-Length body, or what arrived before the connection ended. */
    private static String readResponse(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            head.append(new String(in.readNBytes(Integer.parseInt(length.group(1))),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return head.toString();
    }

    @Test
    void getOnlyForMethodsWithoutSideEffects() {
        HttpResponse<String> r = http.text(http.request("/tanken.v1.PostsService/GetNewPostId").GET().build());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("POST");
        HttpResponse<String> like = http.text(http.request("/tanken.v1.PostsService/AddLike?connect=v1&encoding=json"
                + "&message=%7B%7D").GET().build());
        assertThat(like.statusCode()).isEqualTo(405);
    }

    @Test
    void getCarriesTheMessageInTheQuery() throws Exception {
        String json = java.net.URLEncoder.encode("{\"location\":{\"latitude\":35,\"longitude\":139},\"radiusMeters\":50}",
                java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = http.text(http.request(NEARBY + "?connect=v1&encoding=json&message=" + json).GET()
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        byte[] proto = GetPostsByLocationRequest.newBuilder()
                .setLocation(Location.newBuilder().setLatitude(35.0).setLongitude(139.0)).setRadiusMeters(50).build()
                .toByteArray();
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(proto);
        HttpResponse<byte[]> binary = http.bytes(http.request(NEARBY + "?connect=v1&encoding=proto&base64=1&message="
                + b64).GET().build());
        assertThat(binary.statusCode()).isEqualTo(200);
        assertThat(GetPostsByLocationResponse.parseFrom(binary.body()).getPostsCount()).isZero();
        String gz = Base64.getUrlEncoder().encodeToString(gzip(proto));
        assertThat(http.bytes(http.request(NEARBY + "?connect=v1&encoding=proto&base64=1&compression=gzip&message="
                + gz).GET().build()).statusCode()).isEqualTo(200);
        assertError(http.text(http.request(NEARBY + "?connect=v1&message=" + json).GET().build()), "invalid_argument");
        assertError(http.text(http.request(NEARBY + "?connect=v1&encoding=proto&message=abc").GET().build()),
                "invalid_argument");
        assertError(http.text(http.request(NEARBY + "?connect=v2&encoding=json&message=" + json).GET().build()),
                "invalid_argument");
    }

    @Test
    void malformedMessagesAreInvalidArgumentWithoutInternals() throws Exception {
        for (String bad : new String[] {"{\"location\":", "[1,2]", "{\"radiusMeters\":\"far\"}", "\u0000\u0001",
                "{\"location\":{\"latitude\":{\"a\":1}}}", "{".repeat(5000)}) {
            HttpResponse<String> r = http.json(NEARBY, bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            JsonNode error = assertError(r, "invalid_argument");
            assertThat(error.get("message").asText()).doesNotContain("Exception", "at com.", "at dev.");
        }
        HttpResponse<String> proto = http.text(http.request(NEARBY).header("Content-Type", "application/proto")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xff, 0x01})).build());
        assertThat(proto.statusCode()).isEqualTo(400);
        assertError(proto, "invalid_argument");
    }

    /**
     * JSON is taken as RFC 8259 and protobuf's JSON mapping give it: a body that is more than one
     * value, or not quite JSON, or that gives a field a value of the wrong kind, is refused rather
     * than read in part or coerced into a different request.
     */
    @Test
    void jsonIsReadStrictly() throws Exception {
        String user = "/tanken.v1.UserService/GetUserInfo";
        String[][] refused = {
            {user, "{\"username\":\"aiko\"} and then some"},
            {user, "{\"username\":\"aiko\""},
            {user, "{\"username\":\"aiko\"}{\"username\":\"ben\"}"},
            {user, "{username:\"aiko\"}"},
            {user, "{'username':'aiko'}"},
            {user, "/* who */ {\"username\":\"aiko\"}"},
            {user, "{\"username\":aiko}"},
            {user, "{\"username\":\"aiko\",\"username\":\"ben\"}"},
            {user, "{\"username\":123}"},
            {"/tanken.v1.PostsService/GetPostsByPostIds", "{\"postIds\":[1]}"},
            {NEARBY, "{\"location\":{\"latitude\":1,\"longitude\":1},\"radiusMeters\":5,\"limit\":true}"},
            {NEARBY, "{\"location\":{\"latitude\":1,\"longitude\":1},\"radiusMeters\":NaN}"},
            {NEARBY, "{\"location\":\"Tokyo\",\"radiusMeters\":5}"},
        };
        for (String[] call : refused) {
            HttpResponse<String> r = http.json(call[0], call[1]);
            assertThat(r.statusCode()).as(call[1] + " answered " + r.body()).isEqualTo(400);
            JsonNode error = assertError(r, "invalid_argument");
            assertThat(error.get("message").asText()).as(call[1]).startsWith("the request is not a valid tanken.v1.")
                    .doesNotContain("Exception", "gson", "jackson", "Source", "Feature");
        }
        assertThat(http.json(user, "{\"username\":\"aiko\",\"username\":\"ben\"}").body()).contains("username");
        assertThat(http.json(user, "{\"username\":123}").body()).contains("username");

        // What the mapping allows stays allowed: quoted numbers, null for a default, enum numbers,
        // the .proto's own field names, whitespace around the value.
        String nearby = " {\"location\":{\"latitude\":\"1.5\",\"longitude\":1,\"altitude\":null},\"radius_meters\":\"5\","
                + "\"limit\":\"3\",\"pageToken\":null}\n";
        assertThat(http.json(NEARBY, nearby).statusCode()).as(http.json(NEARBY, nearby).body()).isEqualTo(200);
        HttpResponse<String> precision = http.json("/tanken.v1.PostsService/SetPrecision",
                "{\"postId\":\"" + dev.tanken.model.PostId.newId() + "\",\"precision\":2}", "X-Tanken-User", "strict");
        assertError(precision, "not_found");
        assertThat(http.json("/tanken.v1.PostsService/GetNewPostId", "").statusCode()).isEqualTo(200);
    }

    /**
     * An enum value's name or a field's name the API does not know is refused, not ignored: a
     * misspelt HIDDEN or precision would publish the photo at the user's default precision, exact for
     * everyone.
     */
    @Test
    void misspeltEnumsAndFieldsAreRefusedNotIgnored() throws Exception {
        String photo = Base64.getEncoder().encodeToString(TestPhotos.jpeg(35.04, 139.04, 81));
        HttpResponse<String> r = http.json("/tanken.v1.PostsService/UploadNewPost", "{\"picture\":\"" + photo
                + "\",\"precision\":\"LOCATION_PRECISION_HIDEN\"}", "X-Tanken-User", "speller");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(assertError(r, "invalid_argument").get("message").asText()).contains("precision",
                "LOCATION_PRECISION_HIDEN");
        server.tanken().database().findUserByName("speller")
                .ifPresent(u -> assertThat(server.tanken().posts("speller", 10, null).items()).isEmpty());
        HttpResponse<String> search = http.json("/tanken.v1.ActivityService/Search",
                "{\"where\":[{\"operation\":\"OPERATION_GTE\",\"path\":[\"a\"],\"value\":1}]}", "X-Tanken-User", "speller");
        assertThat(assertError(search, "invalid_argument").get("message").asText()).contains("OPERATION_GTE");
        // A misspelt field is refused too, naming it, rather than ignored: the same photo would be
        // published at the default precision.
        HttpResponse<String> field = http.json("/tanken.v1.PostsService/UploadNewPost", "{\"picture\":\"" + photo
                + "\",\"precison\":\"LOCATION_PRECISION_HIDDEN\"}", "X-Tanken-User", "speller");
        assertThat(field.statusCode()).as(field.body()).isEqualTo(400);
        assertThat(assertError(field, "invalid_argument").get("message").asText()).contains("precison");
        HttpResponse<String> nested = http.json(NEARBY, "{\"location\":{\"lat\":1,\"longitude\":1},\"radiusMeters\":5}");
        assertThat(assertError(nested, "invalid_argument").get("message").asText()).contains("lat");
        server.tanken().database().findUserByName("speller")
                .ifPresent(u -> assertThat(server.tanken().posts("speller", 10, null).items()).isEmpty());
        // The names it knows, and numbers (which the methods check), are read as before.
        HttpResponse<String> known = http.json("/tanken.v1.PostsService/UploadNewPost", "{\"picture\":\"" + photo
                + "\",\"precision\":\"LOCATION_PRECISION_HIDDEN\"}", "X-Tanken-User", "speller");
        assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
        assertThat(JSON.readTree(known.body()).get("post").get("precision").asText()).isEqualTo("LOCATION_PRECISION_HIDDEN");
    }

    @Test
    void invalidValuesNameTheProblem() throws Exception {
        HttpResponse<String> lat = http.json(NEARBY, "{\"location\":{\"latitude\":91,\"longitude\":0},\"radiusMeters\":5}");
        assertThat(assertError(lat, "invalid_argument").get("message").asText()).contains("latitude");
        HttpResponse<String> noLocation = http.json(NEARBY, "{\"radiusMeters\":5}");
        assertThat(assertError(noLocation, "invalid_argument").get("message").asText()).contains("location");
        HttpResponse<String> limit = http.json(NEARBY,
                "{\"location\":{\"latitude\":1,\"longitude\":1},\"radiusMeters\":5,\"limit\":1000}");
        assertThat(assertError(limit, "invalid_argument").get("message").asText()).contains("limit");
        HttpResponse<String> token = http.json(NEARBY,
                "{\"location\":{\"latitude\":1,\"longitude\":1},\"radiusMeters\":5,\"pageToken\":\"<script>\"}");
        assertThat(token.statusCode()).isEqualTo(400);
        assertThat(token.body()).doesNotContain("<script>");
    }

    @Test
    void hostileStringsAreRefusedAndNothingIsHalfWritten() throws Exception {
        String photo = Base64.getEncoder().encodeToString(TestPhotos.jpeg(35.0, 139.0, 3));
        long blobsBefore = server.tanken().blobs().keys().count();
        String[] bad = {
            "\"tags\":[\"" + "x".repeat(500) + "\"]",
            "\"content\":\"" + "a".repeat(3000) + "\"",
            "\"location\":{\"latitude\":\"NaN\",\"longitude\":0}",
        };
        for (String field : bad) {
            HttpResponse<String> r = http.json("/tanken.v1.PostsService/UploadNewPost",
                    "{\"picture\":\"" + photo + "\"," + field + "}", "X-Tanken-User", "mallory");
            assertThat(r.statusCode()).as(field).isEqualTo(400);
            assertError(r, "invalid_argument");
        }
        HttpResponse<String> user = http.json("/tanken.v1.PostsService/AddLike", "{}", "X-Tanken-User",
                "robert'); DROP TABLE users;--");
        assertError(user, "unauthenticated");
        assertThat(server.tanken().blobs().keys().count()).isEqualTo(blobsBefore);
        server.tanken().database().findUserByName("mallory")
                .ifPresent(u -> assertThat(server.tanken().posts("mallory", 10, null).items()).isEmpty());
    }

    @Test
    void oversizeBodiesAreResourceExhausted() throws Exception {
        String big = "{\"content\":\"" + "a".repeat(MAX_MESSAGE) + "\"}";
        // Several times: the answer must reach a client that is still sending, not only a lucky one.
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = http.json("/tanken.v1.PostsService/UploadNewPost", big, "X-Tanken-User", "aiko");
            assertThat(r.statusCode()).isEqualTo(429);
            assertError(r, "resource_exhausted");
        }
        // A small gzip body that inflates past the limit is refused too.
        HttpResponse<String> bomb = http.text(http.request("/tanken.v1.PostsService/UploadNewPost")
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("X-Tanken-User", "aiko")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(big.getBytes()))).build());
        assertThat(bomb.statusCode()).isEqualTo(429);
    }

    @Test
    void compressedBodiesBothWays() throws Exception {
        String body = "{\"location\":{\"latitude\":1,\"longitude\":1},\"radiusMeters\":5}";
        HttpResponse<String> r = http.text(http.request(NEARBY).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzip(body.getBytes())))
                .build());
        assertThat(r.statusCode()).isEqualTo(200);
        HttpResponse<String> notGzip = http.text(http.request(NEARBY).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertError(notGzip, "invalid_argument");
        HttpResponse<String> brotli = http.text(http.request(NEARBY).header("Content-Type", "application/json")
                .header("Content-Encoding", "br").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(brotli.statusCode()).isEqualTo(501);
        assertError(brotli, "unimplemented");

        // Answers above a kilobyte are compressed for clients that accept gzip.
        HttpResponse<byte[]> explore = http.bytes(http.request("/tanken.v1.ExploreService/PlaceAt")
                .header("Content-Type", "application/json").header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("{\"location\":{\"latitude\":35.6595,\"longitude\":139.7005}}"))
                .build());
        assertThat(explore.statusCode()).isEqualTo(200);
        byte[] plain = explore.headers().firstValue("content-encoding").orElse("").equals("gzip")
                ? new GZIPInputStream(new java.io.ByteArrayInputStream(explore.body())).readAllBytes() : explore.body();
        assertThat(JSON.readTree(plain).get("place").get("name").asText()).isNotEmpty();
    }

    /**
     * An answer gzipped or not by the caller's Accept-Encoding says so in Vary, or a shared cache
     * (GET calls are there to be cached) could hand the gzipped bytes to a client that never asked.
     */
    @Test
    void answersCompressedByAcceptEncodingVaryByIt() throws Exception {
        String photo = Base64.getEncoder().encodeToString(TestPhotos.jpeg(35.03, 139.03, 71));
        HttpResponse<String> up = http.json("/tanken.v1.PostsService/UploadNewPost", "{\"picture\":\"" + photo
                + "\",\"content\":\"" + "long caption ".repeat(150) + "\"}", "X-Tanken-User", "varied");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        String get = "/tanken.v1.PostsService/GetPostsByUser?connect=v1&encoding=json&message="
                + java.net.URLEncoder.encode("{\"username\":\"varied\"}", java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<byte[]> gzipped = http.bytes(http.request(get).header("Accept-Encoding", "gzip").GET().build());
        HttpResponse<byte[]> plain = http.bytes(http.request(get).GET().build());
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        for (HttpResponse<byte[]> r : java.util.List.of(gzipped, plain)) {
            assertThat(String.join(",", r.headers().allValues("vary")).toLowerCase(java.util.Locale.ROOT))
                    .contains("accept-encoding");
        }
    }

    @Test
    void oversizeHeadersAreRefused() {
        HttpResponse<String> r = http.json("/tanken.v1.PostsService/GetNewPostId", "{}", "X-Padding",
                "p".repeat(20 * 1024));
        assertThat(r.statusCode()).isEqualTo(431);
    }

    @Test
    void connectHeadersAreChecked() throws Exception {
        assertError(http.json(NEARBY, "{}", "Connect-Timeout-Ms", "soon"), "invalid_argument");
        assertError(http.json(NEARBY, "{}", "Connect-Timeout-Ms", "12345678901"), "invalid_argument");
        HttpResponse<String> late = http.json("/tanken.v1.PostsService/GetNewPostId", "{}", "Connect-Timeout-Ms", "0");
        assertThat(late.statusCode()).isEqualTo(504);
        assertError(late, "deadline_exceeded");
        HttpResponse<String> version = http.text(http.request(NEARBY).header("Content-Type", "application/json")
                .header("Connect-Protocol-Version", "2").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertError(version, "invalid_argument");
    }

    @Test
    void corsForBrowsers() {
        HttpResponse<String> preflight = http.text(http.request(NEARBY).method("OPTIONS",
                HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,connect-protocol-version").build());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("access-control-allow-headers").orElse(""))
                .contains("Connect-Protocol-Version", "Authorization");
        HttpResponse<String> call = http.json("/tanken.v1.PostsService/GetNewPostId", "{}", "Origin",
                "https://app.example");
        assertThat(call.headers().firstValue("access-control-allow-origin")).hasValue("*");
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        assertThat(http.text(http.request("/healthz").GET().build()).body()).isEqualTo("ok\n");
        HttpResponse<String> ready = http.text(http.request("/readyz").GET().build());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("database").asText()).isEqualTo("ok");
        http.json("/tanken.v1.PostsService/GetNewPostId", "{}");
        http.json("/tanken.v1.PostsService/AddLike", "{\"postId\":\"x\"}", "X-Tanken-User", "aiko");
        String metrics = http.text(http.request("/metrics").GET().build()).body();
        assertThat(metrics).contains("tanken_rpc_seconds_count{code=\"ok\",method=\"/tanken.v1.PostsService/GetNewPostId\"}")
                .contains("code=\"invalid_argument\",method=\"/tanken.v1.PostsService/AddLike\"")
                .contains("tanken_rpc_seconds_bucket");
        // A scrape stays small: a few buckets per (method, code), from a quarter millisecond to ten seconds.
        List<String> buckets = metrics.lines().filter(l -> l.startsWith("tanken_rpc_seconds_bucket{")
                && l.contains("code=\"ok\"") && l.contains("method=\"/tanken.v1.PostsService/GetNewPostId\"")).toList();
        assertThat(buckets).hasSize(16)
                .anySatisfy(l -> assertThat(l).contains("le=\"2.5E-4\""))
                .anySatisfy(l -> assertThat(l).contains("le=\"10.0\""))
                .anySatisfy(l -> assertThat(l).contains("le=\"+Inf\""));
    }

    /** Every figure /metrics shows says what it counts, so a dashboard's author need not read the code. */
    @Test
    void everyMetricIsDescribed() {
        http.text(http.request("/pictures/not-an-id/thumb").GET().build());
        http.json("/tanken.v1.PostsService/GetNewPostId", "{}");
        String metrics = http.text(http.request("/metrics").GET().build()).body();
        assertThat(metrics).contains("# HELP tanken_picture_requests_total ");
        metrics.lines().filter(l -> l.startsWith("# HELP ")).forEach(help ->
                assertThat(help.split(" ", 4)).as(help).hasSize(4).satisfies(parts -> assertThat(parts[3]).isNotBlank()));
    }

    @Test
    void rateLimitAnswersResourceExhausted() throws Exception {
        // A refill of one call in a thousand seconds: the third call cannot have earned a token.
        try (EmbeddedServer limited = EmbeddedServer.start(ServerOptions.defaults().withRateLimit(0.001, 2))) {
            Http h = new Http(limited.uri());
            assertThat(h.json("/tanken.v1.PostsService/GetNewPostId", "{}").statusCode()).isEqualTo(200);
            assertThat(h.json("/tanken.v1.PostsService/GetNewPostId", "{}").statusCode()).isEqualTo(200);
            HttpResponse<String> third = h.json("/tanken.v1.PostsService/GetNewPostId", "{}");
            assertThat(third.statusCode()).isEqualTo(429);
            assertError(third, "resource_exhausted");
            // Buckets are per caller: a signed-in user has their own.
            assertThat(h.json("/tanken.v1.PostsService/GetNewPostId", "{}", "X-Tanken-User", "aiko").statusCode())
                    .isEqualTo(200);
        }
    }

    /**
     * A page token continues the listing that returned it. A user's posts and a post's comments
     * keep their place as an id, which means something in any other list of the same kind: handed to
     * another user's posts, another post's comments or the other method, it gave a page of that list
     * starting somewhere arbitrary, without a word.
     */
    @Test
    void pageTokensContinueOnlyTheirOwnListing() throws Exception {
        String[] posts = new String[3];
        for (int i = 0; i < posts.length; i++) {
            String photo = Base64.getEncoder().encodeToString(TestPhotos.jpeg(35.02 + i * 0.001, 139.02, 60 + i));
            HttpResponse<String> up = http.json("/tanken.v1.PostsService/UploadNewPost", "{\"picture\":\"" + photo
                    + "\"}", "X-Tanken-User", i < 2 ? "pager" : "other-pager");
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
            posts[i] = JSON.readTree(up.body()).get("post").get("postId").asText();
        }
        for (String text : new String[] {"one", "two"}) {
            for (String post : new String[] {posts[0], posts[2]}) {
                assertThat(http.json("/tanken.v1.PostsService/AddComment", "{\"postId\":\"" + post + "\",\"text\":\""
                        + text + "\"}", "X-Tanken-User", "pager").statusCode()).isEqualTo(200);
            }
        }
        String byUser = "/tanken.v1.PostsService/GetPostsByUser";
        String comments = "/tanken.v1.PostsService/GetComments";
        HttpResponse<String> first = http.json(byUser, "{\"username\":\"pager\",\"limit\":1}");
        String userToken = JSON.readTree(first.body()).get("nextPageToken").asText();
        HttpResponse<String> firstComments = http.json(comments, "{\"postId\":\"" + posts[0] + "\",\"limit\":1}");
        String commentToken = JSON.readTree(firstComments.body()).get("nextPageToken").asText();
        assertThat(userToken).isNotEmpty();
        assertThat(commentToken).isNotEmpty();

        // Where they belong they continue.
        HttpResponse<String> second = http.json(byUser, "{\"username\":\"pager\",\"limit\":1,\"pageToken\":\""
                + userToken + "\"}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).get("posts").get(0).get("postId").asText()).isEqualTo(posts[0]);
        HttpResponse<String> secondComments = http.json(comments, "{\"postId\":\"" + posts[0]
                + "\",\"limit\":1,\"pageToken\":\"" + commentToken + "\"}");
        assertThat(secondComments.statusCode()).as(secondComments.body()).isEqualTo(200);
        assertThat(JSON.readTree(secondComments.body()).get("comments").get(0).get("text").asText()).isEqualTo("two");

        // Anywhere else they are refused.
        String[][] foreign = {
            {byUser, "{\"username\":\"other-pager\",\"pageToken\":\"" + userToken + "\"}"},
            {comments, "{\"postId\":\"" + posts[2] + "\",\"pageToken\":\"" + commentToken + "\"}"},
            {comments, "{\"postId\":\"" + posts[0] + "\",\"pageToken\":\"" + userToken + "\"}"},
            {byUser, "{\"username\":\"pager\",\"pageToken\":\"" + commentToken + "\"}"},
        };
        for (String[] call : foreign) {
            HttpResponse<String> r = http.json(call[0], call[1]);
            assertThat(r.statusCode()).as(call[1] + " answered " + r.body()).isEqualTo(400);
            assertThat(assertError(r, "invalid_argument").get("message").asText()).contains("page token");
        }
    }

    @Test
    void setPlaceNameIsForTheAuthorAndStored() throws Exception {
        String photo = Base64.getEncoder().encodeToString(TestPhotos.jpeg(35.01, 139.01, 41));
        HttpResponse<String> up = http.json("/tanken.v1.PostsService/UploadNewPost",
                "{\"picture\":\"" + photo + "\"}", "X-Tanken-User", "placer");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        String postId = JSON.readTree(up.body()).get("post").get("postId").asText();
        String call = "/tanken.v1.PostsService/SetPlaceName";

        HttpResponse<String> ok = http.json(call, "{\"postId\":\"" + postId + "\",\"placeName\":\"Grandma's garden\"}",
                "X-Tanken-User", "placer");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("post").get("placeName").asText()).isEqualTo("Grandma's garden");
        var id = dev.tanken.model.PostId.parse(postId);
        assertThat(server.tanken().database().placeNames(java.util.List.of(id))).containsEntry(id, "Grandma's garden");

        HttpResponse<String> other = http.json(call, "{\"postId\":\"" + postId + "\",\"placeName\":\"Mine now\"}",
                "X-Tanken-User", "intruder");
        assertThat(other.statusCode()).isEqualTo(403);
        assertError(other, "permission_denied");
        assertError(http.json(call, "{\"postId\":\"" + postId + "\",\"placeName\":\"x\"}"), "unauthenticated");

        HttpResponse<String> tooLong = http.json(call, "{\"postId\":\"" + postId + "\",\"placeName\":\""
                + "x".repeat(101) + "\"}", "X-Tanken-User", "placer");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertError(tooLong, "invalid_argument");
        assertError(http.json(call, "{\"postId\":\"not-an-id\",\"placeName\":\"x\"}", "X-Tanken-User", "placer"),
                "invalid_argument");
        assertThat(server.tanken().database().placeNames(java.util.List.of(id))).containsEntry(id, "Grandma's garden");

        HttpResponse<String> cleared = http.json(call, "{\"postId\":\"" + postId + "\"}", "X-Tanken-User", "placer");
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        assertThat(server.tanken().database().placeNames(java.util.List.of(id)).get(id)).isNull();
    }

    @Test
    void setCaptionIsForTheAuthorAndStored() throws Exception {
        String photo = Base64.getEncoder().encodeToString(TestPhotos.jpeg(35.03, 139.03, 43));
        HttpResponse<String> up = http.json("/tanken.v1.PostsService/UploadNewPost",
                "{\"picture\":\"" + photo + "\",\"content\":\"first words\"}", "X-Tanken-User", "writer");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        String postId = JSON.readTree(up.body()).get("post").get("postId").asText();
        var id = dev.tanken.model.PostId.parse(postId);
        String call = "/tanken.v1.PostsService/SetCaption";

        HttpResponse<String> ok = http.json(call, "{\"postId\":\"" + postId + "\",\"content\":\"夜の渋谷 🌃\\nsecond line\"}",
                "X-Tanken-User", "writer");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("post").get("content").asText()).isEqualTo("夜の渋谷 🌃\nsecond line");
        assertThat(server.tanken().post(id).orElseThrow().caption()).isEqualTo("夜の渋谷 🌃\nsecond line");

        HttpResponse<String> other = http.json(call, "{\"postId\":\"" + postId + "\",\"content\":\"mine now\"}",
                "X-Tanken-User", "intruder");
        assertThat(other.statusCode()).isEqualTo(403);
        assertError(other, "permission_denied");
        assertError(http.json(call, "{\"postId\":\"" + postId + "\",\"content\":\"x\"}"), "unauthenticated");
        HttpResponse<String> tooLong = http.json(call, "{\"postId\":\"" + postId + "\",\"content\":\""
                + "x".repeat(2201) + "\"}", "X-Tanken-User", "writer");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertError(tooLong, "invalid_argument");
        assertError(http.json(call, "{\"postId\":\"" + postId + "\",\"content\":\"bell \\u0007\"}",
                "X-Tanken-User", "writer"), "invalid_argument");
        assertError(http.json(call, "{\"postId\":\"" + dev.tanken.model.PostId.newId() + "\",\"content\":\"x\"}",
                "X-Tanken-User", "writer"), "not_found");
        // None of the refused calls changed it.
        assertThat(server.tanken().post(id).orElseThrow().caption()).isEqualTo("夜の渋谷 🌃\nsecond line");

        HttpResponse<String> cleared = http.json(call, "{\"postId\":\"" + postId + "\"}", "X-Tanken-User", "writer");
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        assertThat(server.tanken().post(id).orElseThrow().caption()).isEmpty();
    }

    @Test
    void setPrecisionIsForTheAuthorAndChangesWhatOthersSee() throws Exception {
        double lat = 35.02;
        double lon = 139.02;
        String photo = Base64.getEncoder().encodeToString(TestPhotos.jpeg(lat, lon, 42));
        HttpResponse<String> up = http.json("/tanken.v1.PostsService/UploadNewPost",
                "{\"picture\":\"" + photo + "\",\"precision\":\"LOCATION_PRECISION_EXACT\"}", "X-Tanken-User", "hider");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        String postId = JSON.readTree(up.body()).get("post").get("postId").asText();
        var id = dev.tanken.model.PostId.parse(postId);
        String call = "/tanken.v1.PostsService/SetPrecision";
        String nearby = "{\"location\":{\"latitude\":" + lat + ",\"longitude\":" + lon + "},\"radiusMeters\":5000}";

        HttpResponse<String> hidden = http.json(call, "{\"postId\":\"" + postId
                + "\",\"precision\":\"LOCATION_PRECISION_HIDDEN\"}", "X-Tanken-User", "hider");
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(200);
        JsonNode answered = JSON.readTree(hidden.body()).get("post");
        assertThat(answered.get("precision").asText()).isEqualTo("LOCATION_PRECISION_HIDDEN");
        // Its author still sees where it is.
        // (EXIF keeps degrees as rationals, so the position comes back within a micro-degree.)
        assertThat(answered.get("location").get("latitude").asDouble())
                .isCloseTo(lat, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(server.tanken().post(id).orElseThrow().locationPrecision())
                .isEqualTo(dev.tanken.model.LocationPrecision.HIDDEN);
        assertThat(http.json(NEARBY, nearby).body()).doesNotContain(postId);
        assertThat(http.json(NEARBY, nearby, "X-Tanken-User", "stranger").body()).doesNotContain(postId);
        assertThat(http.json(NEARBY, nearby, "X-Tanken-User", "hider").body()).contains(postId);

        HttpResponse<String> approximate = http.json(call, "{\"postId\":\"" + postId
                + "\",\"precision\":\"LOCATION_PRECISION_APPROXIMATE\"}", "X-Tanken-User", "hider");
        assertThat(approximate.statusCode()).as(approximate.body()).isEqualTo(200);
        JsonNode seen = null;
        for (JsonNode p : JSON.readTree(http.json(NEARBY, nearby).body()).get("posts")) {
            if (p.get("postId").asText().equals(postId)) {
                seen = p;
            }
        }
        assertThat(seen).as("an approximate post is found by others").isNotNull();
        var cell = dev.tanken.model.LocationGrid.cellCentre(dev.tanken.model.GeoPoint.of(lat, lon));
        assertThat(seen.get("location").get("latitude").asDouble()).isEqualTo(cell.latitude());
        assertThat(seen.get("location").get("longitude").asDouble()).isEqualTo(cell.longitude());

        HttpResponse<String> other = http.json(call, "{\"postId\":\"" + postId
                + "\",\"precision\":\"LOCATION_PRECISION_EXACT\"}", "X-Tanken-User", "intruder");
        assertThat(other.statusCode()).isEqualTo(403);
        assertError(other, "permission_denied");
        assertError(http.json(call, "{\"postId\":\"" + postId + "\",\"precision\":\"LOCATION_PRECISION_EXACT\"}"),
                "unauthenticated");
        HttpResponse<String> unspecified = http.json(call, "{\"postId\":\"" + postId + "\"}", "X-Tanken-User", "hider");
        assertThat(unspecified.statusCode()).isEqualTo(400);
        assertThat(assertError(unspecified, "invalid_argument").get("message").asText()).contains("precision");
        assertError(http.json(call, "{\"postId\":\"" + postId + "\",\"precision\":\"LOCATION_PRECISION_SIDEWAYS\"}",
                "X-Tanken-User", "hider"), "invalid_argument");
        assertError(http.json(call, "{\"postId\":\"not-an-id\",\"precision\":\"LOCATION_PRECISION_EXACT\"}",
                "X-Tanken-User", "hider"), "invalid_argument");
        HttpResponse<String> unknown = http.json(call, "{\"postId\":\"" + dev.tanken.model.PostId.newId()
                + "\",\"precision\":\"LOCATION_PRECISION_EXACT\"}", "X-Tanken-User", "hider");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertError(unknown, "not_found");
        // None of the refused calls changed it.
        assertThat(server.tanken().post(id).orElseThrow().locationPrecision())
                .isEqualTo(dev.tanken.model.LocationPrecision.APPROXIMATE);
    }

    private static JsonNode assertError(HttpResponse<String> r, String code) throws Exception {
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
