package dev.tanken.postgres.internal;

import dev.tanken.StorageException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads PostgreSQL error details out of wrapped exceptions and turns failures into Tanken's. */
public final class PostgresErrors {
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String DEADLOCK_DETECTED = "40P01";

    private PostgresErrors() {
    }

    /** True when {@code e} was caused by a violation of the named constraint with that SQLSTATE. */
    public static boolean violates(Throwable e, String sqlState, String constraint) {
        // A failed JDBC batch reports the server's error as the BatchUpdateException's next exception.
        for (SQLException sql = sqlException(e); sql != null; sql = sql.getNextException()) {
            if (sql instanceof PSQLException p && p.getServerErrorMessage() != null
                    && sqlState.equals(p.getSQLState())
                    && constraint.equals(p.getServerErrorMessage().getConstraint())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code e} says the connection broke rather than that the statement failed: class 08
     * (connection exception), or the server ending the session (57P01 admin shutdown, 57P02 crash
     * shutdown, 57P03 cannot connect now).
     */
    public static boolean isConnectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                            || state.equals("57P03"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** True when {@code e} was caused by a server error with that SQLSTATE. */
    public static boolean hasState(Throwable e, String sqlState) {
        for (SQLException sql = sqlException(e); sql != null; sql = sql.getNextException()) {
            if (sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A backend failure, naming the operation and PostgreSQL's own explanation. */
    public static StorageException storageFailure(String operation, Throwable e) {
        SQLException sql = sqlException(e);
        // A failed JDBC batch's own message repeats the whole statement with its values; the
        // server's explanation is in the next exception.
        for (SQLException next = sql; next != null; next = next.getNextException()) {
            if (next instanceof PSQLException p && p.getServerErrorMessage() != null) {
                sql = next;
                break;
            }
        }
        String detail;
        if (sql == null) {
            detail = e.getMessage();
        } else if (sql instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            detail = m.getMessage() + " (SQLSTATE " + m.getSQLState() + ")";
        } else {
            detail = sql.getMessage() + (sql.getSQLState() == null ? "" : " (SQLSTATE " + sql.getSQLState() + ")");
        }
        return new StorageException("PostgreSQL: " + operation + " failed: " + detail, e);
    }

    private static SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
