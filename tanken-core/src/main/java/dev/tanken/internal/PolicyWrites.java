package dev.tanken.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Post;

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

    /** {@code entry} is recorded with the post as {@link DatabaseService#createPost(Post, ActivityEntry)} does. */
    public void createPost(Post post, WritePolicy policy, ActivityEntry entry) {
        if (policy == null) {
            throw new InvalidInputException("write policy must not be null");
        }
        if (tier != null) {
            tier.createPost(post, entry, policy);
        } else if (policy == WritePolicy.WRITE_BACK) {
            throw new InvalidInputException("write-back needs a cache: configure one (TANKEN_CACHE_URL, --cache)");
        } else {
            db.createPost(post, entry);
        }
    }
}
