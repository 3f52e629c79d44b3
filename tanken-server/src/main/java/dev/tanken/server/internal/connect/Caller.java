package dev.tanken.server.internal.connect;

import java.util.UUID;

/**
 * Who makes a call: a signed-in user, or anonymous (both fields null).
 *
 * @param username the user's Tanken name, the one the library's social calls take
 * @param userId null until the user exists (a dev-mode name seen for the first time)
 */
public record Caller(String username, UUID userId) {
    public static final Caller ANONYMOUS = new Caller(null, null);

    public Caller {
        if (username == null && userId != null) {
            throw new IllegalArgumentException("a user id needs a username");
        }
    }

    public boolean isAnonymous() {
        return username == null;
    }

    /** The caller's name for a write, which anonymous callers may not make. */
    public String requireUser() {
        if (username == null) {
            throw ConnectError.unauthenticated("sign in to do this");
        }
        return username;
    }
}
