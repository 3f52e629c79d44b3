package dev.tanken.activity;

import dev.tanken.InvalidInputException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;

/**
 * One month of one application's entries, removed by retention and kept in the blob store as
 * gzip-compressed JSON Lines (one entry per line, as {@link ActivityMaintenance#importArchive} reads it).
 *
 * @param blobKey the blob holding it ({@code tanken activity import blob:KEY} loads it back)
 */
public record ActivityArchive(String app, YearMonth month, String blobKey, long entries, Instant createdAt) {
    public ActivityArchive {
        ActivityEntry.requireApp(app);
        Objects.requireNonNull(month, "month");
        if (blobKey == null || blobKey.isBlank()) {
            throw new InvalidInputException("an archive's blob key must not be blank");
        }
        if (entries < 0) {
            throw new InvalidInputException("an archive's entry count must not be negative, got " + entries);
        }
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
