package dev.tanken.db;

import dev.tanken.InvalidInputException;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.util.Collection;
import java.util.List;

/**
 * Cache invalidations that a cache could not take when a write committed, kept in the database
 * until the cache is reachable again, so that no process serves what such a write replaced: the
 * cache tier replays them before it serves from the cache again, in this process or any other
 * sharing the database. Entries are per cache namespace (key prefix).
 */
public interface InvalidationJournal {
    /** Longest namespace stored; cache key prefixes are shorter. */
    int MAX_NAMESPACE = 128;

    /** One owed invalidation: of a post, or of the geo cell holding {@code cell}. */
    record Pending(long seq, PostId post, GeoPoint cell) {
        public Pending {
            if ((post == null) == (cell == null)) {
                throw new InvalidInputException("a pending invalidation names a post or a cell");
            }
        }
    }

    /** Stores invalidations owed to {@code namespace}, in one transaction. */
    void record(String namespace, Collection<PostId> posts, Collection<GeoPoint> cells);

    /** Up to {@code limit} owed invalidations of {@code namespace}, oldest first. */
    List<Pending> pending(String namespace, int limit);

    /** Forgets invalidations once the cache took them. */
    void remove(Collection<Long> seqs);

    static String requireNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty() || namespace.length() > MAX_NAMESPACE) {
            throw new InvalidInputException("cache namespace must be 1 to " + MAX_NAMESPACE + " characters");
        }
        return namespace;
    }
}
