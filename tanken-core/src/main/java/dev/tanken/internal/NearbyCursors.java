package dev.tanken.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.model.GeoPoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Binds a nearby page's cursor to its query. A backend's cursor is a position (a distance and an
 * id), meaningful only around the centre, within the radius and for the viewer it was taken from;
 * handed to another search it would skip or repeat posts without a word. The facade's cursors are
 * therefore {@code FINGERPRINT.POSITION}, and one whose fingerprint does not match its query is
 * refused. The page size is not part of the fingerprint: it may change between pages.
 */
public final class NearbyCursors {
    private static final char SEPARATOR = '.';

    private NearbyCursors() {
    }

    /** The facade's cursor for a backend's {@code position} (null stays null: the last page). */
    public static String bind(GeoPoint center, double radiusMeters, UUID viewerId, String position) {
        return position == null ? null : fingerprint(center, radiusMeters, viewerId) + SEPARATOR + position;
    }

    /**
     * The backend's position in a facade cursor (null stays null: the first page).
     *
     * @throws InvalidInputException for text that is no cursor, or a cursor of another search
     */
    public static String unbind(GeoPoint center, double radiusMeters, UUID viewerId, String cursor) {
        if (cursor == null) {
            return null;
        }
        int dot = cursor.indexOf(SEPARATOR);
        if (dot <= 0) {
            throw new InvalidInputException("invalid or foreign page cursor: '" + cursor + "'");
        }
        if (!cursor.substring(0, dot).equals(fingerprint(center, radiusMeters, viewerId))) {
            throw new InvalidInputException("this page cursor belongs to a search with another centre, radius "
                    + "or viewer; pass it back only with the search that returned it (the page size may change)");
        }
        return cursor.substring(dot + 1);
    }

    private static String fingerprint(GeoPoint center, double radiusMeters, UUID viewerId) {
        String query = center.latitude() + "," + center.longitude() + "," + radiusMeters + "," + viewerId;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 9));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
