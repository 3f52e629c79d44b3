package dev.tanken.server.internal.connect;

import java.util.UUID;

/**
 * Who makes a call: a signed-in user, an application proving itself with its API key (methods that
 * take entries from other applications), or anonymous (all fields null).
 *
 * @param username the user's Tanken name, the one the library's social calls take
 * @param userId null until the user exists (a dev-mode name seen for the first time)
 * @param app the application whose key the call carried; null for users and anonymous callers
 */
public record Caller(String username, UUID userId, String app) {
    public static final Caller ANONYMOUS = new Caller(null, null, null);

    public Caller {
        if (username == null && userId != null) {
            throw new IllegalArgumentException("a user id needs a username");
        }
        if (app != null && username != null) {
            throw new IllegalArgumentException("a caller is a user or an application, not both");
        }
    }

    /** A user (or anonymous). */
    public Caller(String username, UUID userId) {
        this(username, userId, null);
    }

    /** An application that proved itself with its key. */
    public static Caller application(String app) {
        return new Caller(null, null, java.util.Objects.requireNonNull(app, "app"));
    }

    public boolean isAnonymous() {
        return username == null && app == null;
    }

    /** The application making the call, which only a valid application key proves. */
    public String requireApp() {
        if (app == null) {
            throw ConnectError.unauthenticated("send the application's API key as 'Authorization: Bearer KEY'"
                    + " (tanken activity app add)");
        }
        return app;
    }

    /** The caller's name for a write, which anonymous callers may not make. */
    public String requireUser() {
        if (username == null) {
            throw ConnectError.unauthenticated("sign in to do this");
        }
        return username;
    }
}
