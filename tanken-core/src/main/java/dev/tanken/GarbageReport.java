package dev.tanken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a blob garbage collection found and did ({@link Tanken#collectGarbage}).
 *
 * <p>An orphan is a blob that no post references, neither as its original picture nor as one of its
 * derivatives, and that is older than the grace period. Younger unreferenced blobs are counted but
 * never removed: they may belong to an upload in flight, whose blobs are written before its post row
 * is committed.
 *
 * @param dryRun true when nothing was deleted
 * @param gracePeriod unreferenced blobs younger than this were kept
 * @param scanned how many blobs the store listed
 * @param orphans the orphans, in listing order (deleted unless {@code dryRun}, see {@link #removed})
 * @param orphanBytes their total size (blobs of unknown size count 0)
 * @param removed how many orphans this run deleted (0 in a dry run; an orphan that vanished before its
 *     turn, or whose deletion failed, is not counted)
 * @param youngUnreferenced unreferenced blobs kept because they are within the grace period
 * @param unknownAge unreferenced blobs kept because the store cannot tell their age
 * @param failures orphans whose deletion failed, with the reason
 */
public record GarbageReport(boolean dryRun, Duration gracePeriod, long scanned, List<Orphan> orphans,
        long orphanBytes, long removed, long youngUnreferenced, long unknownAge, List<Failure> failures) {

    public GarbageReport {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        orphans = List.copyOf(orphans);
        failures = List.copyOf(failures);
    }

    /** A blob no post references. */
    public record Orphan(String key, long size, Instant lastModified) {
    }

    /** An orphan that could not be deleted. */
    public record Failure(String key, String reason) {
    }
}
