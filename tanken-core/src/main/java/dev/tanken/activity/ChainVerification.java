package dev.tanken.activity;

import dev.tanken.InvalidInputException;
import java.util.List;

/**
 * What {@link ActivityChain#verify} found.
 *
 * @param chains how many applications' chains were checked
 * @param links how many links were checked
 * @param breaks the first broken link of every chain that does not hold, in application name order
 */
public record ChainVerification(int chains, long links, List<ChainBreak> breaks) {
    public ChainVerification {
        if (chains < 0 || links < 0) {
            throw new InvalidInputException("counts must not be negative");
        }
        breaks = List.copyOf(breaks);
    }

    /** True when every chain checked holds. */
    public boolean holds() {
        return breaks.isEmpty();
    }
}
