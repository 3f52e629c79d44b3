package dev.tanken.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

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

    private void requireServable(WritePolicy policy) {
        if (policy == null) {
            throw new InvalidInputException("write policy must not be null");
        }
        if (policy == WritePolicy.WRITE_BACK) {
            throw new InvalidInputException("write-back needs a cache: configure one (TANKEN_CACHE_URL, --cache)");
        }
    }

    public void createPost(Post post, WritePolicy policy) {
        if (tier != null) {
            tier.createPost(post, policy);
        } else {
            requireServable(policy);
            db.createPost(post);
        }
    }

    public void setTags(PostId id, Collection<String> tags, WritePolicy policy) {
        if (tier != null) {
            tier.setTags(id, tags, policy);
        } else {
            requireServable(policy);
            db.setTags(id, tags);
        }
    }

    public Optional<Post> deletePost(PostId id, WritePolicy policy) {
        if (tier != null) {
            return tier.deletePost(id, policy);
        }
        requireServable(policy);
        return db.deletePost(id);
    }

    public boolean like(PostId id, UUID user, WritePolicy policy) {
        if (tier != null) {
            return tier.like(id, user, policy);
        }
        requireServable(policy);
        return db.like(id, user);
    }

    public boolean unlike(PostId id, UUID user, WritePolicy policy) {
        if (tier != null) {
            return tier.unlike(id, user, policy);
        }
        requireServable(policy);
        return db.unlike(id, user);
    }
}
