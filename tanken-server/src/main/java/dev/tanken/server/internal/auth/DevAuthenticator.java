package dev.tanken.server.internal.auth;

import dev.tanken.InvalidInputException;
import dev.tanken.model.Validation;
import dev.tanken.server.internal.connect.Authenticator;
import dev.tanken.server.internal.connect.Caller;
import dev.tanken.server.internal.connect.ConnectError;
import org.eclipse.jetty.http.HttpFields;

/**
 * Local development: the caller is whoever the {@code X-Tanken-User} header names, no proof asked.
 * Safe only where nobody else can connect, which is why the server binds it to loopback alone.
 */
public final class DevAuthenticator implements Authenticator {
    public static final String HEADER = "X-Tanken-User";

    @Override
    public Caller authenticate(HttpFields headers) {
        String name = headers.get(HEADER);
        if (name == null || name.isEmpty()) {
            return Caller.ANONYMOUS;
        }
        try {
            return new Caller(Validation.username(name.strip()), null);
        } catch (InvalidInputException e) {
            throw ConnectError.unauthenticated(HEADER + " must be a username: 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }
}
