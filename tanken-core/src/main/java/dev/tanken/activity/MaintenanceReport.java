package dev.tanken.activity;

import java.util.List;
import java.util.Objects;

/**
 * What a maintenance run did.
 *
 * @param partitionsCreated partitions made (PostgreSQL), by name
 * @param partitionsDropped partitions dropped whole because every entry in them had expired
 * @param entriesRemoved entries removed, in dropped partitions and row by row
 * @param archived archives written (or extended) before entries were removed
 */
public record MaintenanceReport(List<String> partitionsCreated, List<String> partitionsDropped, long entriesRemoved,
        List<ActivityArchive> archived) {
    public MaintenanceReport {
        partitionsCreated = List.copyOf(Objects.requireNonNull(partitionsCreated, "partitionsCreated"));
        partitionsDropped = List.copyOf(Objects.requireNonNull(partitionsDropped, "partitionsDropped"));
        archived = List.copyOf(Objects.requireNonNull(archived, "archived"));
        if (entriesRemoved < 0) {
            throw new IllegalArgumentException("entries removed must not be negative");
        }
    }
}
