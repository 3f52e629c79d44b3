package dev.tanken.sqlite.internal;

import dev.tanken.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connections to one SQLite file: a single writer and a small set of readers.
 *
 * <p>SQLite allows one writer at a time. Writes are serialised twice, on purpose:
 * <ul>
 *   <li>in this JVM by {@link #writeLock}, so threads of one process queue on a Java lock instead of
 *       spinning in SQLite's busy handler (which sleeps in growing steps and adds latency);</li>
 *   <li>across processes by starting every write transaction with {@code BEGIN IMMEDIATE}, which takes
 *       the database's write lock up front. A deferred transaction that reads and then writes would
 *       have to upgrade its lock; if another process committed in between, SQLite fails it with
 *       SQLITE_BUSY at once and busy_timeout cannot help. An immediate transaction waits (up to the
 *       busy timeout) at BEGIN instead, before it has read anything.</li>
 * </ul>
 * Transactions are issued as SQL with the driver in auto-commit mode, because sqlite-jdbc's
 * {@code setAutoCommit(false)} re-opens a transaction right after every commit, which with
 * IMMEDIATE would hold the write lock between our transactions.
 *
 * <p>Readers run single statements in auto-commit mode; in WAL mode each sees a consistent snapshot
 * and none blocks the writer. A plain {@link SQLiteDataSource} is used rather than a pooling library:
 * connections here are cheap file handles and a pool's start-up cost would be paid on every CLI run.
 */
public final class SqliteConnections implements AutoCloseable {
    /** How long a write waits for another process's write transaction before failing. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_READERS = 8;

    private final Path file;
    private final SQLiteDataSource dataSource;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(MAX_READERS);
    private final Semaphore readerPermits = new Semaphore(MAX_READERS);
    private Connection writer; // guarded by writeLock
    private volatile boolean closed;

    public SqliteConnections(Path file) {
        this.file = file;
        this.dataSource = new SQLiteDataSource(config());
        this.dataSource.setUrl("jdbc:sqlite:" + file);
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // WAL + NORMAL: commits stay atomic and survive an application crash; only an OS crash or
        // power loss can roll back the last transactions. FULL would fsync on every commit.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return config;
    }

    /** The data source the migration tool connects through (same settings as ours). */
    public SQLiteDataSource dataSource() {
        return dataSource;
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} in one write transaction: committed if it returns, rolled back if it throws. */
    public <T> T write(String operation, SqlWork<T> work) {
        writeLock.lock();
        try {
            Connection c = writer(operation);
            try {
                execute(c, "BEGIN IMMEDIATE");
            } catch (SQLException e) {
                throw SqlErrors.translate(operation + " (could not start a write transaction)", e);
            }
            try {
                T result = work.run(c);
                execute(c, "COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback();
                throw SqlErrors.translate(operation, e);
            } catch (Error e) {
                rollback();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs read-only {@code work}; use a single statement where the result must be a snapshot. */
    public <T> T read(String operation, SqlWork<T> work) {
        Connection c = borrowReader(operation);
        boolean reusable = false;
        try {
            T result = work.run(c);
            reusable = true;
            return result;
        } catch (SQLException | RuntimeException e) {
            // A project exception thrown by the work leaves the connection as good as it was.
            reusable = !(e instanceof SQLException);
            throw SqlErrors.translate(operation, e);
        } finally {
            returnReader(c, reusable);
        }
    }

    private Connection writer(String operation) {
        requireOpen(operation);
        if (writer == null) {
            writer = open(operation);
        }
        return writer;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Rolls back the writer's transaction. SQLite rolls back by itself after some errors, and then
     * ROLLBACK fails; in that case, or if ROLLBACK fails for any other reason, the connection is
     * dropped, because closing a connection is the one sure way to end its transaction.
     */
    private void rollback() {
        try (Statement s = writer.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            closeQuietly(writer);
            writer = null;
        }
    }

    private Connection borrowReader(String operation) {
        requireOpen(operation);
        try {
            readerPermits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(operation + ": interrupted while waiting for a database connection", e);
        }
        Connection c = idleReaders.poll();
        if (c != null) {
            return c;
        }
        try {
            return open(operation);
        } catch (RuntimeException e) {
            readerPermits.release();
            throw e;
        }
    }

    private void returnReader(Connection c, boolean healthy) {
        try {
            if (!healthy || closed || !idleReaders.offer(c)) {
                closeQuietly(c);
            } else if (closed) {
                // close() may have drained the queue between our check and the offer.
                drainReaders();
            }
        } finally {
            readerPermits.release();
        }
    }

    /**
     * Opening a connection runs the configuration pragmas (journal_mode=WAL among them), and SQLite
     * can answer those with SQLITE_BUSY at once, without its busy handler, while another connection
     * migrates a new file; such an open is retried for up to the busy timeout.
     */
    private Connection open(String operation) {
        long deadline = System.nanoTime() + BUSY_TIMEOUT_MILLIS * 1_000_000L;
        for (long pause = 1;; pause = Math.min(pause * 2, 50)) {
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                if (!SqlErrors.isBusy(e) || System.nanoTime() > deadline) {
                    throw new StorageException("cannot open the SQLite database " + file + " (" + operation + "): "
                            + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(operation + ": interrupted while opening the SQLite database " + file, e);
            }
        }
    }

    private void requireOpen(String operation) {
        if (closed) {
            throw new StorageException(operation + ": the SQLite database " + file + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        drainReaders();
        writeLock.lock();
        try {
            if (writer != null) {
                closeQuietly(writer);
                writer = null;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void drainReaders() {
        Connection c;
        while ((c = idleReaders.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing useful to do: the handle is gone either way.
        }
    }
}
