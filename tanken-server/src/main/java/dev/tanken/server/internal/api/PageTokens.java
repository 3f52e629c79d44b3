package dev.tanken.server.internal.api;

import dev.tanken.server.internal.connect.ConnectError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Page tokens bound to the listing that returned them. The library's cursor for a user's posts or a
 * post's comments is a position (an id) that any other list of the same kind would accept, starting
 * it somewhere arbitrary; a token is therefore {@code FINGERPRINT~CURSOR}, the fingerprint naming the
 * method and whose list it is, and one used with another listing is refused. The page size may change.
 */
final class PageTokens {
    private static final char SEPARATOR = '~';

    private PageTokens() {
    }

    /** The token for the library's next-page cursor; empty on the last page. */
    static String bind(String listing, String cursor) {
        return cursor == null ? "" : fingerprint(listing) + SEPARATOR + cursor;
    }

    /** The library's cursor in a token; null for the first page. */
    static String unbind(String listing, String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        int at = token.indexOf(SEPARATOR);
        if (at <= 0 || !token.substring(0, at).equals(fingerprint(listing))) {
            throw ConnectError.invalidArgument("this page token belongs to another listing (another method, user or "
                    + "post) or to none; pass it back only with the call that returned it (the limit may change)");
        }
        return token.substring(at + 1);
    }

    /** @param listing the method and whose list it reads, e.g. {@code comments/POST_ID} */
    private static String fingerprint(String listing) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(listing.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
