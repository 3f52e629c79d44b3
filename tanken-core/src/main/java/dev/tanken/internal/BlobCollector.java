package dev.tanken.internal;

import dev.tanken.GarbageReport;
import dev.tanken.InvalidInputException;
import dev.tanken.TankenException;
import dev.tanken.blob.BlobInfo;
import dev.tanken.blob.BlobStore;
import dev.tanken.db.DatabaseService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes blobs that no post references. The store is listed once, lazily; the database is
 * asked about the listed keys in batches, so memory stays bounded by the batch and the orphan list.
 *
 * <p>Races, and why they are harmless:
 * <ul>
 *   <li>An upload writes its blobs before it commits its post. Such blobs are unreferenced for a
 *       moment; the grace period (default one hour, far longer than any upload) keeps them.
 *   <li>An upload may re-use an old orphan (the same bytes uploaded again, e.g. the same photo by
 *       someone else after its first post was deleted): its put finds the blob present and writes
 *       nothing. Each orphan's references are therefore checked again right before it is deleted,
 *       and the uploader checks after committing its post that its blobs still exist, re-writing any
 *       that vanished. Only a deletion landing between those two checks of one upload, a window of a
 *       single round trip, could still remove a blob under a new post.
 * </ul>
 */
public final class BlobCollector {
    /** Unreferenced blobs younger than this are left alone. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(BlobCollector.class);
    private static final int BATCH = 500;

    private final DatabaseService db;
    private final BlobStore blobs;
    private final Clock clock;

    public BlobCollector(DatabaseService db, BlobStore blobs, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.clock = clock;
    }

    public GarbageReport collect(boolean dryRun, Duration gracePeriod) {
        if (gracePeriod == null || gracePeriod.isNegative()) {
            throw new InvalidInputException("grace period must be zero or positive, got " + gracePeriod);
        }
        Instant cutoff = clock.instant().minus(gracePeriod);
        Tally tally = new Tally();
        try (Stream<BlobInfo> listing = blobs.list()) {
            Iterator<BlobInfo> it = listing.iterator();
            List<BlobInfo> batch = new ArrayList<>(BATCH);
            while (it.hasNext()) {
                batch.add(it.next());
                tally.scanned++;
                if (batch.size() == BATCH) {
                    sweep(batch, cutoff, dryRun, tally);
                    batch.clear();
                }
            }
            sweep(batch, cutoff, dryRun, tally);
        }
        return new GarbageReport(dryRun, gracePeriod, tally.scanned, tally.orphans, tally.orphanBytes, tally.removed,
                tally.young, tally.unknownAge, tally.failures);
    }

    private void sweep(List<BlobInfo> batch, Instant cutoff, boolean dryRun, Tally tally) {
        if (batch.isEmpty()) {
            return;
        }
        Set<String> referenced = db.referencedBlobKeys(batch.stream().map(BlobInfo::key).toList());
        for (BlobInfo blob : batch) {
            if (referenced.contains(blob.key())) {
                continue;
            }
            if (blob.lastModified() == null) {
                tally.unknownAge++;
                continue;
            }
            if (blob.lastModified().isAfter(cutoff)) {
                tally.young++;
                continue;
            }
            if (!dryRun && adopted(blob.key(), tally)) {
                continue;
            }
            tally.orphans.add(new GarbageReport.Orphan(blob.key(), blob.size(), blob.lastModified()));
            tally.orphanBytes += Math.max(0, blob.size());
            if (!dryRun) {
                remove(blob.key(), tally);
            }
        }
    }

    /** True when an upload has started to use the blob since its batch was checked. */
    private boolean adopted(String key, Tally tally) {
        try {
            return db.isBlobReferenced(key);
        } catch (TankenException e) {
            tally.failures.add(new GarbageReport.Failure(key, e.getMessage()));
            return true;
        }
    }

    private void remove(String key, Tally tally) {
        try {
            if (blobs.delete(key)) {
                tally.removed++;
            }
        } catch (TankenException e) {
            LOG.warn("could not remove orphan blob {}: {}", key, e.getMessage());
            tally.failures.add(new GarbageReport.Failure(key, e.getMessage()));
        }
    }

    private static final class Tally {
        long scanned;
        long orphanBytes;
        long removed;
        long young;
        long unknownAge;
        final List<GarbageReport.Orphan> orphans = new ArrayList<>();
        final List<GarbageReport.Failure> failures = new ArrayList<>();
    }
}
