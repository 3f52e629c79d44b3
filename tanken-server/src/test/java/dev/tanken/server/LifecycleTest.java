package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping with calls in flight, TLS with HTTP/2, and the access log. */
class LifecycleTest {

    @Test
    void aStopLetsTheCallInFlightFinish() throws Exception {
        EmbeddedServer server = EmbeddedServer.dev();
        int port = server.server().port();
        CompletableFuture<Void> stopping;
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            String body = "{}";
            OutputStream out = socket.getOutputStream();
            // Headers and half of nothing yet: the call has started, its body is still on the way.
            out.write(("POST /tanken.v1.PostsService/GetNewPostId HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Wait until the server has the request, so the stop below finds it in flight.
            Thread.sleep(200);
            stopping = CompletableFuture.runAsync(server::close);
            Thread.sleep(200);
            assertThat(stopping).isNotDone();
            out.write("}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200").contains("postId");
        }
        stopping.get(30, TimeUnit.SECONDS);
        // Stopped: no new connections.
        assertThat(refused(port)).isTrue();
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            b.write(buf, 0, n);
            if (b.toString(StandardCharsets.UTF_8).contains("postId\":\"") && b.toString(StandardCharsets.UTF_8)
                    .endsWith("\"}")) {
                break;
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void aClientTooSlowToSendItsRequestIsDisconnected() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(ServerOptions.defaults().withRateLimit(0, 1)
                .withIdleTimeout(java.time.Duration.ofMillis(300)));
                Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(30_000);
            // Half a request line, then silence: the connection must not be held open for it.
            socket.getOutputStream().write("POST /tanken.v1.PostsService/GetNewPostId HT".getBytes(
                    StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            // Closed by the server (an empty read or a 408 first); the read timeout above never fired.
            assertThat(new String(answer, StandardCharsets.US_ASCII)).satisfiesAnyOf(
                    a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
        }
    }

    @Test
    void aStoreThatGoesAwayIsUnavailableWithoutInternals() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.dev()) {
            Http http = new Http(server.uri());
            server.tanken().database().close();
            HttpResponse<String> r = http.json("/tanken.v1.PostsService/GetPostsByLocation",
                    "{\"location\":{\"latitude\":35,\"longitude\":139},\"radiusMeters\":50}", "X-Request-Id", "gone-1");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            com.fasterxml.jackson.databind.JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(r.body());
            assertThat(error.get("code").asText()).isEqualTo("unavailable");
            assertThat(error.get("message").asText()).contains("gone-1")
                    .doesNotContainIgnoringCase("sqlite").doesNotContainIgnoringCase("jdbc")
                    .doesNotContain("Exception");
            HttpResponse<String> ready = http.text(http.request("/readyz").GET().build());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"database\":\"unavailable\"");
        }
    }

    @Test
    void aBlobFolderThatGoesAwayMakesTheServerUnready() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.dev()) {
            Http http = new Http(server.uri());
            assertThat(http.text(http.request("/readyz").GET().build()).statusCode()).isEqualTo(200);
            Path blobs = ((dev.tanken.blob.FileSystemBlobStore) server.tanken().blobs()).root();
            try (java.util.stream.Stream<Path> tree = java.nio.file.Files.walk(blobs)) {
                tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            HttpResponse<String> ready = http.text(http.request("/readyz").GET().build());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"blobs\":\"unavailable\"").contains("\"database\":\"ok\"");
        }
    }

    @Test
    void tlsServesHttp2AndHttp11(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "tanken", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit"))
                .redirectErrorStream(true).start();
        String keytoolOutput = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(keytoolOutput).isZero();

        try (EmbeddedServer server = EmbeddedServer.start(ServerOptions.defaults().withRateLimit(0, 1)
                .withTls(new ServerOptions.Tls(keyStore, "changeit")))) {
            assertThat(server.uri().getScheme()).isEqualTo("https");
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            for (HttpClient.Version version : HttpClient.Version.values()) {
                HttpClient client = HttpClient.newBuilder().sslContext(trustAll).version(version).build();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri().resolve(
                        "/tanken.v1.PostsService/GetNewPostId")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.version()).isEqualTo(version);
            }
        }
    }

    @Test
    void eachCallIsOneJsonAccessLogLineWithItsRequestId() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (EmbeddedServer server = EmbeddedServer.dev()) {
            Http http = new Http(server.uri());
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            HttpResponse<String> ok = http.json("/tanken.v1.PostsService/GetNewPostId", "{}", "X-Request-Id",
                    "req-42");
            assertThat(ok.headers().firstValue("x-request-id")).hasValue("req-42");
            http.json("/tanken.v1.PostsService/AddLike", "{\"postId\":\"\\u0000<bad>\"}", "X-Tanken-User", "aiko",
                    "X-Request-Id", "req-43");
            http.json("/tanken.v1.PostsService/GetNewPostId", "{}", "X-Request-Id", "evil\"id");
        } finally {
            System.setErr(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("dev.tanken.server.access") || l.contains("access - {")).toList();
        String log = String.join("\n", lines);
        assertThat(lines).hasSize(3);
        assertThat(log).contains("\"requestId\":\"req-42\"", "\"code\":\"ok\"",
                "\"requestId\":\"req-43\"", "\"code\":\"invalid_argument\"", "\"caller\":\"aiko\"")
                .doesNotContain("evil\"id");
        for (String line : lines) {
            String json = line.substring(line.indexOf('{'));
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("status").asInt())
                    .isBetween(200, 499);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Exception", "\tat ");
    }
}
