package dev.tanken.server.internal.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tanken.server.internal.connect.Authenticator;
import dev.tanken.server.internal.connect.Caller;
import dev.tanken.server.internal.connect.ConnectError;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** {@code Authorization: Bearer <ID token>}; no header is an anonymous caller, a bad one is refused. */
public final class OidcAuthenticator implements Authenticator {
    private final IdTokenVerifier verifier;
    private final OidcUsers users;

    public OidcAuthenticator(IdTokenVerifier verifier, OidcUsers users) {
        this.verifier = verifier;
        this.users = users;
    }

    @Override
    public Caller authenticate(HttpFields headers) {
        String authorization = headers.get(HttpHeader.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return Caller.ANONYMOUS;
        }
        String value = authorization.strip();
        if (value.length() < 8 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw ConnectError.unauthenticated("use Authorization: Bearer <ID token>");
        }
        JWTClaimsSet claims = verifier.verify(value.substring(7).strip());
        return users.signIn(claims.getIssuer(), claims.getSubject());
    }
}
