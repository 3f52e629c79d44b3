package dev.tanken.activity.internal;

import dev.tanken.InvalidInputException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The keyset position after an entry: its time (microseconds) and id, the sort key of every search.
 * Opaque, URL-safe text; a tag byte rejects cursors of other queries.
 */
public record ActivityCursor(long micros, UUID id) {
    private static final byte TAG = 'a';
    private static final int LENGTH = 1 + 8 + 16;

    public static String after(Instant occurredAt, UUID id) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(TAG).putLong(Micros.of(occurredAt)).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public static ActivityCursor parse(String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid(cursor);
        }
        if (bytes.length != LENGTH || bytes[0] != TAG) {
            throw invalid(cursor);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        long micros = b.getLong();
        if (micros < 0) {
            throw invalid(cursor);
        }
        return new ActivityCursor(micros, new UUID(b.getLong(), b.getLong()));
    }

    public Instant instant() {
        return Micros.toInstant(micros);
    }

    private static InvalidInputException invalid(String cursor) {
        return new InvalidInputException("invalid or foreign activity cursor: '" + cursor + "'");
    }
}
