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

    /** A link to store; {@code occurredAt} is the entry's, in microseconds since 1970. */
    record NewLink(String app, long seq, String entryId, long occurredAt, String hash, long sealedAt) {
    }
}
