package dev.tanken.db.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.model.PostId;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * Encodes keyset positions as opaque, URL-safe strings. A cursor is a tag byte (which query made
 * it) followed by the last row's sort key, so a cursor handed to the wrong query is rejected
 * instead of silently returning a wrong page.
 */
public final class Cursors {
    private static final byte NEARBY = 'n';
    private static final byte ID = 'i';
    private static final byte TIME_ID = 't';

    private Cursors() {
    }

    /** Position after the row with this distance key (the unit-sphere chord) and id. */
    public record NearbyPosition(double chord, UUID id) {
    }

    public static String nearby(double chord, UUID id) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 16);
        b.put(NEARBY).putDouble(chord).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public static NearbyPosition parseNearby(String cursor) {
        ByteBuffer b = decode(cursor, NEARBY, 1 + 8 + 16);
        double chord = b.getDouble();
        if (!Double.isFinite(chord) || chord < 0) {
            throw invalid(cursor);
        }
        return new NearbyPosition(chord, new UUID(b.getLong(), b.getLong()));
    }

    /** Position after the row with this id (posts by user, comments). */
    public static String afterId(UUID id) {
        ByteBuffer b = ByteBuffer.allocate(1 + 16);
        b.put(ID).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public static UUID parseAfterId(String cursor) {
        ByteBuffer b = decode(cursor, ID, 1 + 16);
        return new UUID(b.getLong(), b.getLong());
    }

    /** Position after the row with this time (microseconds since 1970) and id (a user's bookmarks). */
    public record TimeAndId(long micros, UUID id) {
    }

    public static String afterTimeAndId(long micros, UUID id) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 16);
        b.put(TIME_ID).putLong(micros).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public static TimeAndId parseAfterTimeAndId(String cursor) {
        ByteBuffer b = decode(cursor, TIME_ID, 1 + 8 + 16);
        return new TimeAndId(b.getLong(), new UUID(b.getLong(), b.getLong()));
    }

    public static String afterPost(PostId id) {
        return afterId(id.value());
    }

    private static ByteBuffer decode(String cursor, byte tag, int length) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid(cursor);
        }
        if (bytes.length != length || bytes[0] != tag) {
            throw invalid(cursor);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.get();
        return b;
    }

    private static InvalidInputException invalid(String cursor) {
        return new InvalidInputException("invalid or foreign page cursor: '" + cursor + "'");
    }
}
