package dev.tanken.activity;

import dev.tanken.InvalidInputException;
import dev.tanken.blob.BlobStore;
import java.util.Objects;

/**
 * How a maintenance run goes.
 *
 * @param blobs where archives are written; may be null when nothing is to be archived
 * @param archiveAll archive every application's expired entries, whatever its policy says
 * @param monthsAhead partitions made ready past the current month (PostgreSQL)
 * @param listener told the last entry removed of each application
 */
public record MaintenanceOptions(BlobStore blobs, boolean archiveAll, int monthsAhead, RetentionListener listener) {
    /** Partitions made ready past the current month unless told otherwise. */
    public static final int DEFAULT_MONTHS_AHEAD = 3;

    public MaintenanceOptions {
        if (monthsAhead < 0 || monthsAhead > 120) {
            throw new InvalidInputException("months ahead must be 0 to 120, got " + monthsAhead);
        }
        Objects.requireNonNull(listener, "listener");
    }

    public static MaintenanceOptions of(BlobStore blobs, boolean archiveAll) {
        return new MaintenanceOptions(blobs, archiveAll, DEFAULT_MONTHS_AHEAD, RetentionListener.NONE);
    }

    public MaintenanceOptions withListener(RetentionListener l) {
        return new MaintenanceOptions(blobs, archiveAll, monthsAhead, l);
    }
}
