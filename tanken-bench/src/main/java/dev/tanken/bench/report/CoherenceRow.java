package dev.tanken.bench.report;

import java.util.Objects;

/**
 * One run of {@code NearCoherenceProbe}: how stale a near-cache read was, at worst, while a writer in
 * another process kept changing the posts read.
 *
 * @param run the result file's name without {@code .json}
 * @param topology {@code redis} (one server) or {@code redis-cluster}
 * @param staleReads reads that returned a value already superseded when they started
 * @param worstStalenessMillis the longest time between the completion of a superseding write and a
 *     read that still returned the old value
 * @param beyondBound stale reads staler than {@code boundMillis}
 */
public record CoherenceRow(String run, String topology, long reads, long writes, long nearHits, long staleReads,
        double worstStalenessMillis, double boundMillis, long beyondBound, String load) {
    public CoherenceRow {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(topology, "topology");
        load = load == null ? "" : load;
        if (reads < 0 || writes < 0 || staleReads < 0 || beyondBound < 0) {
            throw new IllegalArgumentException("negative counts in coherence result " + run);
        }
    }
}
