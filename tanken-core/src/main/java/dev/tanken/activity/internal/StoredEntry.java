package dev.tanken.activity.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * An activity row as the database holds it, not validated: a row edited by hand must still be
 * hashed (and found not to match), not refused. Internal: not API.
 */
public record StoredEntry(String id, long micros, String app, String actor, String action, String subjectType,
        String subjectId, String sourceId, String payload) {

    /** One digest per thread: looking the algorithm up among the providers costs more than hashing an entry. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    /**
     * One canonical form's bytes per thread, reused entry after entry (the sealer hashes thousands per
     * batch); one grown past this by a large payload is let go.
     */
    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(() -> new Buffer(4096));
    private static final int KEPT_BUFFER = 256 * 1024;

    /** 32 zero bytes: the previous hash of the first link of a chain. */
    public static final String GENESIS = "0".repeat(64);

    /** The row at {@code first} (the columns of {@link ChainBackend#entryColumns}), or null when they are null. */
    public static StoredEntry read(ResultSet rs, int first, ChainBackend db) throws SQLException {
        String id = rs.getString(first);
        if (id == null) {
            return null;
        }
        return new StoredEntry(id, db.micros(rs, first + 1), rs.getString(first + 2), rs.getString(first + 3),
                rs.getString(first + 4), rs.getString(first + 5), rs.getString(first + 6), rs.getString(first + 7),
                rs.getString(first + 8));
    }

    /**
     * The canonical form (docs/activity.md): the UTF-8 bytes of the compact JSON array
     * {@code [seq, id, occurredAt micros, app, actor, action, subjectType, subjectId, sourceId or null,
     * payload with object members sorted by name]}.
     */
    public byte[] canonical(long seq) {
        Buffer out = new Buffer(256 + (payload == null ? 0 : payload.length()));
        writeCanonical(seq, out);
        return out.toByteArray();
    }

    private void writeCanonical(long seq, ByteArrayOutputStream out) {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartArray();
            g.writeNumber(seq);
            g.writeString(id.toLowerCase(java.util.Locale.ROOT));
            g.writeNumber(micros);
            g.writeString(app);
            g.writeString(actor);
            g.writeString(action);
            g.writeString(subjectType);
            g.writeString(subjectId);
            if (sourceId == null) {
                g.writeNull();
            } else {
                g.writeString(sourceId);
            }
            SortedJson.writePayload(g, payload, id);
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the previous link's hash (as its 32 bytes) and this entry's canonical form, in hex. */
    public String hash(String previousHash, long seq) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        sha.update(HexFormat.of().parseHex(previousHash));
        Buffer out = BUFFER.get();
        out.reset();
        try {
            writeCanonical(seq, out);
            sha.update(out.array(), 0, out.size());
        } finally {
            if (out.array().length > KEPT_BUFFER) {
                BUFFER.remove();
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** A byte stream whose array the digest reads in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }
}
