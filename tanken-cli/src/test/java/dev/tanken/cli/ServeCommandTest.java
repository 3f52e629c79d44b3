package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken serve}: its options, and a real process that serves and exits 0 on SIGTERM. */
class ServeCommandTest {
    @TempDir
    Path home;

    @Test
    void devSignInRefusesAnAddressOtherMachinesReach() {
        CliRunner.Result r = new CliRunner(home).run("serve", "--bind", "0.0.0.0", "--port", "0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("loopback");
    }

    @Test
    void oidcNeedsAnIssuerAndAClientId() {
        CliRunner.Result r = new CliRunner(home).run("serve", "--auth", "oidc");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--issuer");
        CliRunner.Result env = new CliRunner(home).env("TANKEN_AUTH", "oidc")
                .env("TANKEN_OIDC_ISSUER", "https://accounts.example").run("serve");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.err()).contains("--client-id");
        assertThat(new CliRunner(home).run("serve", "--auth", "magic").exitCode()).isEqualTo(2);
        assertThat(new CliRunner(home).env("TANKEN_PORT", "http").run("serve").exitCode()).isEqualTo(2);
    }

    @Test
    void tilesAreATemplateOrNoneAndTheMapCentreIsAPoint() {
        CliRunner.Result ftp = new CliRunner(home).run("serve", "--port", "0", "--tiles", "ftp://tiles.example/{z}/{x}/{y}.png");
        assertThat(ftp.exitCode()).as(ftp.toString()).isEqualTo(2);
        assertThat(ftp.err()).contains("http or https");
        CliRunner.Result noXyz = new CliRunner(home).run("serve", "--port", "0", "--tiles", "https://tiles.example/a.png");
        assertThat(noXyz.exitCode()).isEqualTo(2);
        assertThat(noXyz.err()).contains("{z}, {x} and {y}");
        CliRunner.Result centre = new CliRunner(home).env("TANKEN_MAP_CENTER", "95,0").run("serve", "--port", "0");
        assertThat(centre.exitCode()).isEqualTo(2);
        assertThat(centre.err()).contains("latitude");
        CliRunner.Result words = new CliRunner(home).run("serve", "--port", "0", "--map-center", "tokyo");
        assertThat(words.exitCode()).isEqualTo(2);
        assertThat(words.err()).contains("LAT,LON");
    }

    @Test
    void servesUntilSigtermThenExitsZero() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.tanken.cli.Main", "serve", "--port", "0", "--tiles", "none", "--home", home.toString()))
                .redirectError(home.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("first line of tanken serve").isNotNull().startsWith("serving on http://127.0.0.1:");
            Matcher m = Pattern.compile("serving on (http://[^ ]+?) ").matcher(line);
            assertThat(m.find()).isTrue();
            URI base = URI.create(m.group(1) + "/");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> call = client.send(HttpRequest.newBuilder(base.resolve(
                    "tanken.v1.PostsService/GetNewPostId")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(call.statusCode()).isEqualTo(200);
            assertThat(call.body()).contains("postId");
            // The web page, told there are no tiles.
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(base).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("\"tiles\":null");

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
