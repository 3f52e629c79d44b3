package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import dev.tanken.server.testing.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OIDC ID tokens checked against a test issuer on 127.0.0.1; every bad token gets the same answer. */
class OidcSignInTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "tanken-web";
    private static final String GET_ME = "/tanken.v1.UserService/GetMe";
    private static TestIssuer issuer;
    private static RSAKey key;
    private static ECKey ecKey;
    private static EmbeddedServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        issuer = TestIssuer.start();
        key = TestIssuer.rsaKey("k1");
        ecKey = TestIssuer.ecKey("e1");
        issuer.publish(key);
        issuer.publish(ecKey);
        server = EmbeddedServer.start(ServerOptions.defaults().withRateLimit(0, 1)
                .withAuth(AuthOptions.oidc(issuer.issuer(), CLIENT).withMinKeyRefresh(Duration.ZERO)));
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
        issuer.close();
    }

    private static HttpResponse<String> getMe(String token) {
        return http.json(GET_ME, "{}", "Authorization", "Bearer " + token);
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void refused(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("code").asText()).isEqualTo("unauthenticated");
        // One message for every failure: which check failed is no business of a forger.
        assertThat(error.get("message").asText()).isEqualTo("the sign-in token is not valid");
    }

    @Test
    void aValidTokenSignsInAndTheUserIsCreatedOnce() throws Exception {
        String token = TestIssuer.sign(key, issuer.claims(CLIENT, "sub-aiko").build());
        JsonNode first = ok(getMe(token)).get("user");
        assertThat(first.get("oauthProvider").asText()).isEqualTo(issuer.issuer());
        JsonNode again = ok(getMe(TestIssuer.sign(key, issuer.claims(CLIENT, "sub-aiko").build()))).get("user");
        assertThat(again.get("userId").asText()).isEqualTo(first.get("userId").asText());
        JsonNode other = ok(getMe(TestIssuer.sign(key, issuer.claims(CLIENT, "sub-ben").build()))).get("user");
        assertThat(other.get("userId").asText()).isNotEqualTo(first.get("userId").asText());
    }

    @Test
    void es256IsAccepted() throws Exception {
        ok(getMe(TestIssuer.sign(ecKey, issuer.claims(CLIENT, "sub-ec").build())));
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() throws Exception {
        Instant now = Instant.now();
        refused(getMe(TestIssuer.sign(key, issuer.claims(CLIENT, "s").issueTime(Date.from(now.minusSeconds(7200)))
                .expirationTime(Date.from(now.minusSeconds(600))).build())));
        refused(getMe(TestIssuer.sign(key, issuer.claims(CLIENT, "s").notBeforeTime(Date.from(now.plusSeconds(600)))
                .build())));
    }

    @Test
    void wrongAudienceAndIssuerAreRefused() throws Exception {
        refused(getMe(TestIssuer.sign(key, issuer.claims("someone-else", "s").build())));
        refused(getMe(TestIssuer.sign(key, issuer.claims(CLIENT, "s").issuer("https://evil.example").build())));
        refused(getMe(TestIssuer.sign(key, issuer.claims(CLIENT, null).build())));
    }

    @Test
    void aBadSignatureIsRefused() throws Exception {
        RSAKey impostor = TestIssuer.rsaKey("k1");
        refused(getMe(TestIssuer.sign(impostor, issuer.claims(CLIENT, "s").build())));
        String valid = TestIssuer.sign(key, issuer.claims(CLIENT, "s").build());
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + Base64URL.encode(issuer.claims(CLIENT, "admin").build().toString()
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        refused(getMe(tampered));
    }

    @Test
    void algNoneIsRefused() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                .toString();
        String payload = Base64URL.encode(issuer.claims(CLIENT, "s").build().toString()
                .getBytes(StandardCharsets.UTF_8)).toString();
        refused(getMe(header + "." + payload + "."));
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                issuer.claims(CLIENT, "s").build());
        jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
        refused(getMe(jwt.serialize()));
        refused(getMe(jwt.serialize().replace("HS256", "RS256")));
    }

    @Test
    void anUnknownKeyIdIsRefusedUntilTheIssuerPublishesIt() throws Exception {
        RSAKey next = TestIssuer.rsaKey("k2");
        String token = TestIssuer.sign(next, issuer.claims(CLIENT, "rotated").build());
        refused(getMe(token));
        issuer.publish(next); // the issuer rotates its keys
        ok(getMe(token));
    }

    @Test
    void garbageAndOtherSchemesAreRefused() throws Exception {
        refused(getMe("not.a.token"));
        refused(getMe("x".repeat(5000)));
        HttpResponse<String> basic = http.json(GET_ME, "{}", "Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l");
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @Test
    void anonymousCallersReadButDoNotWrite() throws Exception {
        HttpResponse<String> read = http.json("/tanken.v1.PostsService/GetPostsByLocation",
                "{\"location\":{\"latitude\":35,\"longitude\":139},\"radiusMeters\":100}");
        assertThat(read.statusCode()).isEqualTo(200);
        HttpResponse<String> write = http.json("/tanken.v1.PostsService/AddLike",
                "{\"postId\":\"01900000-0000-7000-8000-000000000000\"}");
        assertThat(write.statusCode()).isEqualTo(401);
        // The dev header means nothing with OIDC.
        HttpResponse<String> dev = http.json(GET_ME, "{}", "X-Tanken-User", "aiko");
        assertThat(dev.statusCode()).isEqualTo(401);
    }

    @Test
    void keyDownloadsAreRateLimited() throws Exception {
        try (TestIssuer limitedIssuer = TestIssuer.start()) {
            RSAKey k = TestIssuer.rsaKey("a");
            limitedIssuer.publish(k);
            try (EmbeddedServer limited = EmbeddedServer.start(ServerOptions.defaults().withRateLimit(0, 1)
                    .withAuth(AuthOptions.oidc(limitedIssuer.issuer(), CLIENT)
                            .withMinKeyRefresh(Duration.ofHours(1))))) {
                Http h = new Http(limited.uri());
                assertThat(h.json(GET_ME, "{}", "Authorization", "Bearer " + TestIssuer.sign(k,
                        limitedIssuer.claims(CLIENT, "s").build())).statusCode()).isEqualTo(200);
                int before = limitedIssuer.jwksFetches();
                for (int i = 0; i < 20; i++) {
                    RSAKey madeUp = TestIssuer.rsaKey("made-up-" + i);
                    refused(h.json(GET_ME, "{}", "Authorization", "Bearer " + TestIssuer.sign(madeUp,
                            limitedIssuer.claims(CLIENT, "s").build())));
                }
                assertThat(limitedIssuer.jwksFetches() - before).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aDiscoveryDocumentForAnotherIssuerStopsTheStart() {
        assertThatThrownBy(() -> EmbeddedServer.start(ServerOptions.defaults()
                .withAuth(AuthOptions.oidc(issuer.issuer() + "/", CLIENT))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is for issuer");
    }

    @Test
    void devSignInRefusesToServeOtherMachines() {
        assertThatThrownBy(() -> EmbeddedServer.start(ServerOptions.defaults().withBind("0.0.0.0")))
                .hasMessageContaining("loopback");
    }
}
