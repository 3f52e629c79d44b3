package dev.tanken.activity.internal;

import dev.tanken.ConflictException;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * What both database backends share about activity rows: the column order of the names, the
 * duplicate-id error and reading an entry from a row. Internal: not API.
 */
public final class ActivityRows {
    private ActivityRows() {
    }

    /** Binds actor, action, subject type and subject id to parameters 3 to 6. */
    public static void bindNames(PreparedStatement ps, ActivityEntry e) throws SQLException {
        ps.setString(3, e.actor());
        ps.setString(4, e.action());
        ps.setString(5, e.subjectType());
        ps.setString(6, e.subjectId());
    }

    public static ConflictException duplicate(ActivityEntry e) {
        return new ConflictException("an activity entry with id " + e.id() + " already exists");
    }

    /**
     * An entry from a row whose columns 3 to 8 are actor, action, subject type, subject id, payload
     * and app.
     */
    public static ActivityEntry read(UUID id, Instant at, ResultSet rs) throws SQLException {
        try {
            return new ActivityEntry(id, at, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    ActivityEntry.parsePayload(rs.getString(7)), rs.getString(8));
        } catch (RuntimeException e) {
            // Rows the model rejects were written by something else: not the caller's fault.
            throw new StorageException("the database holds an invalid activity entry " + id + ": " + e.getMessage(), e);
        }
    }
}
