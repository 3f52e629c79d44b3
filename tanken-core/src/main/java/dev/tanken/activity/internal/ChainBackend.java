package dev.tanken.activity.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What a database backend gives the hash chain ({@link JdbcActivityChain}): the statements whose
 * SQL differs (uuid and time types, array parameters) and the sealer's lock. Internal: not API.
 */
public interface ChainBackend extends IngestBackend {
    /**
     * The columns of an {@code activity_log} row aliased {@code l}, in {@link StoredEntry}'s order:
     * id as text, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload as text.
     */
    String entryColumns();

    /** Microseconds since 1970 of the occurred_at column at {@code column}. */
    long micros(ResultSet rs, int column) throws SQLException;

    /**
     * Waits until this transaction is the only sealer (PostgreSQL: an advisory lock held to its end;
     * SQLite: nothing, its write transactions take turns).
     */
    void lockSealer(Connection c) throws SQLException;

    /** Inserts new links on the current transaction. */
    void insertLinks(Connection c, List<NewLink> links) throws SQLException;

    /** Deletes exactly these rows of {@code activity_unsealed} (by {@code n}). */
    void deletePending(Connection c, long[] ns) throws SQLException;

    /** A queued entry: its queue number, and its row as stored (null when it is no longer in the log). */
    record Queued(long n, StoredEntry entry) {
    }

    /**
     * Takes up to {@code limit} committed entries from the front of the queue on the current
     * transaction (the sealer's lock held): deletes their queue rows and returns them in queue order
     * with their stored rows. This one reads each entry back from the log by id and time; a backend
     * whose queue carries the rows reads them from there.
     */
    default List<Queued> takeQueued(Connection c, int limit) throws SQLException {
        List<Queued> out = new java.util.ArrayList<>();
        // The batch is taken from the queue first, then looked up: a join of the whole queue with the
        // log, limited afterwards, was planned as a hash join over every row of both.
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT u.n, " + entryColumns()
                + " FROM (SELECT n, id, occurred_at FROM activity_unsealed ORDER BY n LIMIT ?) u"
                + " LEFT JOIN activity_log l ON l.id = u.id AND l.occurred_at = u.occurred_at ORDER BY u.n")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Null: the entry was deleted before it was sealed; its queue row just goes.
                    out.add(new Queued(rs.getLong(1), StoredEntry.read(rs, 2, this)));
                }
            }
        }
        if (!out.isEmpty()) {
            deletePending(c, out.stream().mapToLong(Queued::n).toArray());
        }
        return out;
    }

    /** A link to store; {@code occurredAt} is the entry's, in microseconds since 1970. */
    record NewLink(String app, long seq, String entryId, long occurredAt, String hash, long sealedAt) {
    }
}
