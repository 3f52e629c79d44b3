package dev.tanken.server.internal.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * CORS for browser front ends on other origins. Any origin may call: credentials travel in the
 * Authorization header, never in cookies, so a foreign page cannot act with a visitor's session.
 */
final class Cors {
    static final String ALLOWED_HEADERS = "Content-Type, Connect-Protocol-Version, Connect-Timeout-Ms, "
            + "Connect-Content-Encoding, Connect-Accept-Encoding, Authorization, X-Tanken-User, X-Request-Id, "
            + "X-User-Agent, X-Grpc-Web, Range, If-None-Match";
    static final String EXPOSED_HEADERS = "Content-Encoding, Connect-Content-Encoding, X-Request-Id, ETag, "
            + "Content-Range, Accept-Ranges";

    private Cors() {
    }

    /** Adds the headers every answer to a cross-origin request needs; false when it is not one. */
    static boolean decorate(HttpFields request, HttpFields.Mutable response) {
        String origin = request.get(HttpHeader.ORIGIN);
        if (origin == null) {
            return false;
        }
        response.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
        return true;
    }

    /** A preflight: OPTIONS with Access-Control-Request-Method. */
    static boolean isPreflight(String method, HttpFields request) {
        return "OPTIONS".equals(method) && request.get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }

    static void preflight(HttpFields.Mutable response) {
        response.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "POST, GET, OPTIONS");
        response.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        response.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "7200");
    }
}
