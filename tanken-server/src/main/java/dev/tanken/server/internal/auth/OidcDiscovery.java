package dev.tanken.server.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What an OpenID provider's discovery document says about where its signing keys are. */
public record OidcDiscovery(String issuer, URI jwksUri) {
    public static final String PATH = "/.well-known/openid-configuration";

    /**
     * Reads {@code issuer + /.well-known/openid-configuration}.
     *
     * @throws IllegalStateException if it cannot be read or names another issuer
     */
    public static OidcDiscovery fetch(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI uri = URI.create(base + PATH);
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the OIDC discovery document " + uri + " answered HTTP "
                        + r.statusCode());
            }
            JsonNode doc = new ObjectMapper().readTree(r.body());
            String named = doc.path("issuer").asText("");
            if (!named.equals(issuer)) {
                // A document for another issuer would let that issuer's tokens in.
                throw new IllegalStateException("the OIDC discovery document " + uri + " is for issuer '" + named
                        + "', not '" + issuer + "'");
            }
            String jwks = doc.path("jwks_uri").asText("");
            if (jwks.isEmpty()) {
                throw new IllegalStateException("the OIDC discovery document " + uri + " has no jwks_uri");
            }
            return new OidcDiscovery(issuer, URI.create(jwks));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OIDC discovery document " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + uri, e);
        }
    }
}
