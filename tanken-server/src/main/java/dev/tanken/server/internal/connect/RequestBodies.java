package dev.tanken.server.internal.connect;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reading what is left of a request body that the answer does not need. Jetty closes a connection
 * whose request body was not read by the time the answer is complete, and an HTTP/1.1 client that
 * has already put that connection back in its pool then loses its next call on it ("no bytes").
 * Reading a bounded remainder first (as Go's net/http does) keeps the connection; above the bound
 * the connection is given up instead, so a huge unwanted upload costs the server nothing.
 */
public final class RequestBodies {
    /** The most of an unwanted body the server reads to keep a connection. */
    public static final long DISCARD_BOUND_BYTES = 1L << 20;

    private RequestBodies() {
    }

    /** Reads and drops the rest of the body, unless it is declared larger than the bound. */
    public static void discardRest(Request request) {
        try {
            discardSomeOf(Content.Source.asInputStream(request), request.getLength());
        } catch (IOException | RuntimeException e) {
            // The client went away or sent a broken body; Jetty closes the connection, which is right.
        }
    }

    static void discardSomeOf(InputStream in, long declared) throws IOException {
        if (declared == 0 || (declared > DISCARD_BOUND_BYTES && declared != Long.MAX_VALUE)) {
            return;
        }
        long left = DISCARD_BOUND_BYTES;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    return;
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
