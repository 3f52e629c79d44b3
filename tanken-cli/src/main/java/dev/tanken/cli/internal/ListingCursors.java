package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.model.Page;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The cursors of the listings whose API cursor does not say which listing it continues (posts,
 * bookmarks, comments, users): a post's or a user's position reads as well in another user's
 * posts or another post's comments, and would page there silently. The CLI binds each to its
 * listing, as nearby binds its filters, so that any other use is refused.
 */
public final class ListingCursors {
    private static final char SEPARATOR = '~';

    private ListingCursors() {
    }

    /** {@code page} with its next cursor bound to {@code listing}. */
    public static <T> Page<T> bound(String listing, Page<T> page) {
        return page.nextCursor() == null ? page : new Page<>(page.items(), page.nextCursor() + SEPARATOR + fingerprint(listing));
    }

    /**
     * The API's cursor inside one that {@link #bound} made for {@code listing}; null for null.
     *
     * @throws InvalidInputException if the cursor was printed by another listing, or by none
     */
    public static String unwrap(String listing, String cursor) {
        if (cursor == null) {
            return null;
        }
        int at = cursor.lastIndexOf(SEPARATOR);
        if (at < 0 || !cursor.substring(at + 1).equals(fingerprint(listing))) {
            throw new InvalidInputException("this page cursor belongs to another listing; pass it back only to the "
                    + "command that printed it, with the same user or post (the page size may change)");
        }
        return cursor.substring(0, at);
    }

    private static String fingerprint(String listing) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(listing.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
