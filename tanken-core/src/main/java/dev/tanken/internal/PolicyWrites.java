package dev.tanken.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;

/**
 * Writes with an explicit policy, for a Tanken with or without a cache. Without one, write-through
 * and write-around are plain database writes and write-back is refused (there is nowhere to put it).
 */
public final class PolicyWrites {
    private final DatabaseService db;
    private final CachingDatabaseService tier;

    public PolicyWrites(DatabaseService db, CachingDatabaseService tier) {
        this.db = db;
        this.tier = tier;
    }

    public Applied apply(Write write, WritePolicy policy) {
        if (policy == null) {
            throw new InvalidInputException("write policy must not be null");
        }
        if (tier != null) {
            return tier.apply(write, policy);
        }
        if (policy == WritePolicy.WRITE_BACK) {
            throw new InvalidInputException("write-back needs a cache: configure one (TANKEN_CACHE_URL, --cache)");
        }
        return db.apply(write);
    }
}
