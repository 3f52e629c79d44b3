package dev.tanken.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run on a connection lent by {@link SqliteConnections}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
