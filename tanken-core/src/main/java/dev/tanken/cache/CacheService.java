package dev.tanken.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The seed design's generic cache operations: key existence, hashes and sets, all inside one
 * namespace so that tenants and test runs sharing a server never see each other's keys. Keys are
 * relative to the namespace; implementations add the prefix.
 *
 * <p>Failures of the cache server surface as {@link dev.tanken.StorageException}; callers that can
 * serve from the database instead are expected to catch it (see {@link dev.tanken.consistency}).
 */
public interface CacheService extends AutoCloseable {

    /** The key prefix this service writes under (from the URL's {@code prefix} parameter). */
    String namespace();

    /** Round trip to the server; throws {@link dev.tanken.StorageException} when it is unreachable. */
    void ping();

    boolean exists(String key);

    /** All fields of a hash, empty when the key does not exist. */
    Map<String, String> hashGetAll(String key);

    /** Sets fields of a hash and (when {@code ttl} is not null) its time to live. */
    void hashPut(String key, Map<String, String> fields, Duration ttl);

    /** Returns true when the member was not in the set before. */
    boolean setAdd(String key, String member);

    /** Returns true when the member was in the set. */
    boolean setRemove(String key, String member);

    boolean setContains(String key, String member);

    Set<String> setMembers(String key);

    /** Deletes keys; returns how many existed. */
    long delete(String... keys);

    /**
     * Deletes every key of this namespace (and only those), for tests and {@code tanken cache flush}.
     * Returns how many keys were removed.
     */
    long deleteNamespace();

    /** Releases connections. Idempotent. */
    @Override
    void close();
}
