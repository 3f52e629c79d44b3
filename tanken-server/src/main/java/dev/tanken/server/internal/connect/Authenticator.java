package dev.tanken.server.internal.connect;

import org.eclipse.jetty.http.HttpFields;

/** Tells who makes a call from its headers. */
public interface Authenticator {
    /**
     * The caller; {@link Caller#ANONYMOUS} when the request carries no credentials.
     *
     * @throws ConnectError unauthenticated when it carries credentials that do not hold
     */
    Caller authenticate(HttpFields headers);
}
