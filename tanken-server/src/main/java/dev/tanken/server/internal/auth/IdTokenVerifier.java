package dev.tanken.server.internal.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tanken.server.internal.connect.Code;
import dev.tanken.server.internal.connect.ConnectError;
import java.net.MalformedURLException;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks OpenID Connect ID tokens: signed with RS256 or ES256 by a key in the issuer's JWKS, issued
 * by the issuer for this client, and within their validity (with a minute of clock skew).
 */
public final class IdTokenVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(IdTokenVerifier.class);
    /** One answer for every bad token: which check failed would help an attacker, not the caller. */
    static final String REJECTED = "the sign-in token is not valid";
    static final int CLOCK_SKEW_SECONDS = 60;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param minRefreshInterval the least time between two JWKS downloads: a stream of tokens with
     *     made-up key ids must not turn into a stream of requests to the issuer
     */
    public IdTokenVerifier(OidcDiscovery discovery, String clientId, Duration minRefreshInterval) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(discovery.jwksUri().toURL(),
                            new DefaultResourceRetriever(5_000, 5_000, 1 << 20))
                    .cache(Duration.ofHours(6).toMillis(), Duration.ofSeconds(15).toMillis())
                    .rateLimited(minRefreshInterval.toMillis())
                    .refreshAheadCache(false)
                    .retrying(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("bad jwks_uri " + discovery.jwksUri(), e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(clientId,
                new JWTClaimsSet.Builder().issuer(discovery.issuer()).build(), Set.of("sub", "exp", "iat"));
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The token's claims. @throws ConnectError unauthenticated, or unavailable when the keys cannot be had */
    public JWTClaimsSet verify(String token) {
        try {
            return processor.process(token, null);
        } catch (RateLimitReachedException e) {
            throw ConnectError.unauthenticated(REJECTED);
        } catch (KeySourceException e) {
            LOG.warn("cannot read the issuer's signing keys: {}", e.getMessage());
            throw new ConnectError(Code.UNAVAILABLE, "sign-in cannot be checked right now; try again later");
        } catch (Exception e) {
            LOG.debug("rejected an ID token: {}", e.getMessage());
            throw ConnectError.unauthenticated(REJECTED);
        }
    }
}
