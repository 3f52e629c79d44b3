package dev.tanken.activity;

import java.io.InputStream;
import java.util.List;

/**
 * Retention per application, the maintenance run that applies it (and, on PostgreSQL, keeps monthly
 * partitions ready), and loading archived entries back. Obtain it from {@link ActivityLog#maintenance()}.
 * Arguments are validated ({@link dev.tanken.InvalidInputException}); backend failures surface as
 * {@link dev.tanken.StorageException}. Thread-safe: runs through one instance take turns. Runs from two
 * processes (a server's and one started by hand) may overlap; then one of them may fail on a month the
 * other is dropping, without losing or doubling anything, and the next run finishes the work.
 */
public interface ActivityMaintenance {
    /** Sets an application's policy (any app name, registered or not; {@code tanken} for Tanken's own). */
    void setRetention(RetentionPolicy policy);

    /** The policy of an application: forever when none was set. */
    RetentionPolicy retention(String app);

    /** The policies set, by application. */
    List<RetentionPolicy> retentions();

    /**
     * Makes partitions ready, then removes every entry past its application's retention: whole
     * partitions where every entry in them expired, row by row (in batches) elsewhere. Entries of an
     * application whose policy says so, or all with {@link MaintenanceOptions#archiveAll()}, are
     * archived first; an entry is never removed unless its archive is stored.
     */
    MaintenanceReport maintain(MaintenanceOptions options);

    /** The archives written, by application and month. */
    List<ActivityArchive> archives();

    /**
     * Loads entries back from an archive: JSON Lines, gzip-compressed or not, as maintenance writes
     * them. Each entry keeps its id and its application's id for it; one stored already is skipped.
     *
     * @throws dev.tanken.InvalidInputException naming the line when a line is not an archived entry
     *     (nothing of the archive is stored then)
     */
    ImportResult importArchive(InputStream in);
}
