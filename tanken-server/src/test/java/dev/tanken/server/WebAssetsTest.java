package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page's files: the committed ones are what src/main/web builds from its sources and pinned
 * packages, and what a browser downloads on first load stays within the budget.
 */
class WebAssetsTest {
    private static final Path WEB = Path.of("src/main/web").toAbsolutePath();
    /** JavaScript and CSS a first visit downloads, gzipped as the server sends them; tiles and photos apart. */
    static final long FIRST_LOAD_BUDGET_BYTES = 300 * 1024;
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"(assets/[^\"]+\\.(?:js|css))\"");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import [^;]*? from \"\\./([^\"]+\\.js)\";");

    @Test
    void theCommittedAssetsAreWhatTheirSourcesBuild() throws Exception {
        run(List.of("npm", "ci", "--no-audit", "--no-fund"));
        String output = run(List.of("node", "build.mjs", "--check"));
        assertThat(output).contains("web assets up to date");
    }

    @Test
    void theFirstLoadIsWithinItsBudget() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.dev()) {
            Http http = new Http(server.uri());
            String page = http.text(http.request("/").GET().build()).body();
            Set<String> files = new LinkedHashSet<>();
            Matcher m = REFERENCE.matcher(page);
            while (m.find()) {
                files.add(m.group(1));
            }
            assertThat(files).contains("assets/leaflet.js", "assets/app.js", "assets/app.css");
            // The modules app.js imports, and theirs.
            List<String> modules = new ArrayList<>(List.of("assets/app.js"));
            for (int i = 0; i < modules.size(); i++) {
                String source = http.text(http.request("/" + modules.get(i)).GET().build()).body();
                Matcher imports = IMPORT.matcher(source);
                while (imports.find()) {
                    String module = "assets/" + imports.group(1);
                    if (!modules.contains(module)) {
                        modules.add(module);
                    }
                }
            }
            files.addAll(modules);
            long total = 0;
            StringBuilder sizes = new StringBuilder();
            for (String file : files) {
                HttpResponse<byte[]> r = http.bytes(http.request("/" + file).header("Accept-Encoding", "gzip")
                        .GET().build());
                assertThat(r.statusCode()).as(file).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Encoding")).as(file).hasValue("gzip");
                total += r.body().length;
                sizes.append(String.format("%8d  %s%n", r.body().length, file));
            }
            System.out.printf("first load, gzipped: %d bytes (budget %d)%n%s", total, FIRST_LOAD_BUDGET_BYTES, sizes);
            assertThat(total).as("gzipped JS and CSS of the first load:\n" + sizes)
                    .isLessThanOrEqualTo(FIRST_LOAD_BUDGET_BYTES);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tanken-web-build", ".log");
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(command)).directory(WEB.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed or not on PATH; checking the web assets "
                    + "needs Node.js 20 and npm", e);
        }
        boolean finished = p.waitFor(600, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(finished).as(String.join(" ", command) + " did not finish:\n" + text).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + " failed:\n" + text).isZero();
        return text;
    }
}
