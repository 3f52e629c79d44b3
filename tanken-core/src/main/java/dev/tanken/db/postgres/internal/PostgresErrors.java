package dev.tanken.db.postgres.internal;

import dev.tanken.StorageException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads PostgreSQL error details out of wrapped exceptions and turns failures into Tanken's. */
public final class PostgresErrors {
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";

    private PostgresErrors() {
    }

    /** True when {@code e} was caused by a violation of the named constraint with that SQLSTATE. */
    public static boolean violates(Throwable e, String sqlState, String constraint) {
        SQLException sql = sqlException(e);
        if (sql == null || !sqlState.equals(sql.getSQLState())) {
            return false;
        }
        return sql instanceof PSQLException p && p.getServerErrorMessage() != null
                && constraint.equals(p.getServerErrorMessage().getConstraint());
    }

    /** A backend failure, naming the operation and PostgreSQL's own explanation. */
    public static StorageException storageFailure(String operation, Throwable e) {
        SQLException sql = sqlException(e);
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
