package dev.tanken.activity;

import java.util.List;
import java.util.Objects;

/**
 * What became of each entry of a batch, in the batch's order.
 *
 * @param outcomes one per entry sent
 */
public record IngestResult(List<Outcome> outcomes) {
    public IngestResult {
        outcomes = List.copyOf(Objects.requireNonNull(outcomes, "outcomes"));
    }

    /** What became of one entry. */
    public enum Status {
        /** Stored now. */
        STORED,
        /** Already stored: delivered before (same app and id, or same content when it has no id). */
        DUPLICATE,
        /** Refused: kept as a dead letter with the reason. */
        REJECTED
    }

    /**
     * @param index the entry's position in its batch
     * @param status what became of it
     * @param id the application's id of the entry (or the content digest standing in for it); null when rejected
     * @param reason why it was refused; null unless rejected
     * @param deadLetterId the dead letter holding it; null unless rejected
     */
    public record Outcome(int index, Status status, String id, String reason, String deadLetterId) {
        public Outcome {
            Objects.requireNonNull(status, "status");
            if (index < 0) {
                throw new IllegalArgumentException("index must not be negative");
            }
            if ((status == Status.REJECTED) != (reason != null)) {
                throw new IllegalArgumentException("a reason is given exactly when the entry is rejected");
            }
        }
    }

    public long count(Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }
}
