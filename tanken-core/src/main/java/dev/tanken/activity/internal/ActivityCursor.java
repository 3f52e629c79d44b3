package dev.tanken.activity.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.PayloadCondition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * The keyset position after an entry: its time (microseconds) and id, the sort key of every search,
 * and a fingerprint of the filters of the query that made it. Opaque, URL-safe text; a tag byte
 * rejects cursors of other kinds of query, the fingerprint cursors of the same kind under other
 * filters (a position is only meaningful in the result it was taken from; elsewhere it would skip
 * or repeat entries without a word).
 *
 * @param queryKey {@link #keyOf} of the query's filters; the page size may change between pages
 */
public record ActivityCursor(long micros, UUID id, long queryKey) {
    private static final byte TAG = 'a';
    private static final int LENGTH = 1 + 8 + 16 + 8;

    public static String after(Instant occurredAt, UUID id, ActivityQuery query) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(TAG).putLong(Micros.of(occurredAt)).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).putLong(keyOf(query));
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
        return new ActivityCursor(micros, new UUID(b.getLong(), b.getLong()), b.getLong());
    }

    /**
     * The position in {@code query}'s cursor, refused unless a search with the same filters made it.
     * Checked when the search runs, not when the query is built: a query may take its cursor before
     * its last filter.
     *
     * @throws InvalidInputException for garbage and for a cursor of another query
     */
    public static ActivityCursor of(ActivityQuery query) {
        ActivityCursor c = parse(query.cursor());
        if (c.queryKey != keyOf(query)) {
            throw new InvalidInputException("this activity cursor belongs to a search with other filters; "
                    + "pass it back only with the filters that returned it (the page size may change)");
        }
        return c;
    }

    /** A fingerprint of a search's filters: everything but the page size and the cursor. */
    private static long keyOf(ActivityQuery q) {
        StringBuilder s = new StringBuilder();
        for (Object part : new Object[] {q.actor(), q.action(), q.subjectType(), q.subjectId(), q.since(), q.until()}) {
            s.append(Objects.toString(part, "\u0001")).append('\u0000');
        }
        if (q.app() != null) {
            // Only when set, so that the cursors of searches over every application stay valid.
            s.append("app\u0000").append(q.app()).append('\u0000');
        }
        for (PayloadCondition c : q.where()) {
            s.append(c.operation()).append('\u0000').append(c.path()).append('\u0000')
                    .append(c.value() == null ? "\u0001" : c.value().toString()).append('\u0000');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public Instant instant() {
        return Micros.toInstant(micros);
    }

    private static InvalidInputException invalid(String cursor) {
        return new InvalidInputException("invalid or foreign activity cursor: '" + cursor + "'");
    }
}
