package dev.tanken.activity.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * What a database backend gives the ingest path: transactions, and the one statement whose SQL
 * differs (the activity rows, with the backend's uuid and time types). The other ingest tables use
 * text and bigint columns on both backends, so {@link JdbcActivityIngest} holds their SQL once.
 * Internal: not API.
 */
public interface IngestBackend {
    /** Work on a connection; may throw SQLException. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one write transaction: committed if it returns, rolled back if it throws. */
    <T> T write(String operation, Work<T> work);

    /** Runs read-only {@code work}. */
    <T> T read(String operation, Work<T> work);

    /**
     * Inserts the entries on the current transaction, skipping any whose (app, source id) or entry
     * id is stored already; returns the {@link Accepted#key()}s of those inserted.
     */
    Set<String> insert(Connection c, List<Accepted> entries) throws SQLException;

    /** An entry that passed the boundary, with the application's id for it. */
    record Accepted(dev.tanken.activity.ActivityEntry entry, String sourceId) {
        /** Identifies the entry within a batch: app and source id. */
        public String key() {
            return key(entry.app(), sourceId);
        }

        public static String key(String app, String sourceId) {
            return app + '\u0000' + sourceId;
        }
    }
}
