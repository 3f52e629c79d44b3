package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.server.testing.EmbeddedServer;
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
 * The Node suite in src/test/node: the real {@code @connectrpc/connect-node} client, with code that
 * {@code protoc-gen-es} generates from the same .proto files, against a real server. Needs the
 * system's node and npm; without them this test fails, it does not skip.
 */
class NodeClientTest {
    private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

    @Test
    void theConnectNodeClientCallsEveryRpc(@TempDir Path tmp) throws Exception {
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 600);
        run(List.of("npx", "--no-install", "buf", "generate", "../../../../proto"), Map.of(), 300);
        Path photo = tmp.resolve("photo.jpg");
        Files.write(photo, TestPhotos.jpeg(35.6595, 139.7005, 7));
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        try (EmbeddedServer server = EmbeddedServer.dev()) {
            String appKey = server.tanken().activity().ingest().addApp("node-client").key();
            System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    stderr.write(b);
                    log.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    stderr.write(b, off, len);
                    log.write(b, off, len);
                }
            }, true, StandardCharsets.UTF_8));
            String output = run(List.of("node", "--test", "--test-reporter=spec", "client.test.mjs"),
                    Map.of("TANKEN_URL", server.uri().toString(), "TANKEN_TEST_PHOTO", photo.toString(),
                            "TANKEN_APP_KEY", appKey), 600);
            assertThat(output).contains("ℹ pass 20", "ℹ fail 0", "ℹ skipped 0");
        } finally {
            System.setErr(stderr);
        }
        // The variant with useHttpGet sent its reads as GET, and only those.
        String access = log.toString(StandardCharsets.UTF_8);
        assertThat(access).contains("\"method\":\"GET\",\"path\":\"/tanken.v1.PostsService/GetPostsByLocation\"")
                .doesNotContain("\"method\":\"GET\",\"path\":\"/tanken.v1.PostsService/AddLike\"");
    }

    private static String run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(NODE_DIR.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed or not on PATH; the Node client suite "
                    + "needs Node.js 20 and npm", e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(p.exitValue()).as(String.join(" ", command) + " failed:\n" + text).isZero();
        return text;
    }
}
