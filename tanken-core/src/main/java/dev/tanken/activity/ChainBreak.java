package dev.tanken.activity;

import dev.tanken.InvalidInputException;
import java.util.UUID;

/**
 * The first place where a chain does not hold.
 *
 * @param app the application whose chain is broken
 * @param seq the position of the first link that fails
 * @param entryId the entry that link seals, when there is one
 * @param problem what is wrong, in words (edited, missing, out of order, cut off)
 */
public record ChainBreak(String app, long seq, UUID entryId, String problem) {
    public ChainBreak {
        app = ActivityEntry.requireApp(app);
        if (seq < 0) {
            throw new InvalidInputException("seq must not be negative, got " + seq);
        }
        if (problem == null || problem.isBlank()) {
            throw new InvalidInputException("a chain break must say what is wrong");
        }
    }

    /** One line naming the link: app, seq, entry id and the problem. */
    @Override
    public String toString() {
        return "chain of " + app + " breaks at seq " + seq + (entryId == null ? "" : " (entry " + entryId + ")") + ": "
                + problem;
    }
}
