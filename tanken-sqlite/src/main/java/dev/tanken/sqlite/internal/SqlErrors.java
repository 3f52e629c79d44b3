package dev.tanken.sqlite.internal;

import dev.tanken.StorageException;
import dev.tanken.TankenException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns SQLite failures into the project's exceptions, naming the operation that failed. */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** Project exceptions pass through; anything else becomes a {@link StorageException}. */
    public static RuntimeException translate(String operation, Throwable t) {
        if (t instanceof TankenException e) {
            return e;
        }
        if (isBusy(t)) {
            return new StorageException("SQLite: " + operation + " failed: the database is busy, locked by another "
                    + "connection or process (waited up to " + SqliteConnections.BUSY_TIMEOUT_MILLIS / 1000 + " s): "
                    + t.getMessage(), t);
        }
        return new StorageException("SQLite: " + operation + " failed: " + t.getMessage(), t);
    }

    /** True when {@code e} is the violation of a constraint of this kind (e.g. UNIQUE). */
    public static boolean is(SQLException e, SQLiteErrorCode code) {
        return e instanceof SQLiteException s && s.getResultCode() == code;
    }

    static boolean isBusy(Throwable t) {
        if (!(t instanceof SQLiteException s)) {
            return false;
        }
        SQLiteErrorCode code = s.getResultCode();
        return code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                || code.name().startsWith("SQLITE_BUSY_");
    }
}
