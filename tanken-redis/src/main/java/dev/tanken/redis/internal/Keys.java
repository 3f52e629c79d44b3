package dev.tanken.redis.internal;

import dev.tanken.model.PostId;
import java.nio.charset.StandardCharsets;

/**
 * Key names. Keys that a script touches together share a Redis Cluster hash tag (the part in
 * braces), so they live in one slot: a post's details, counters (or its fill lease) and version; a geo cell's
 * points, completeness marker, version and warm-up buffer; the write-back stream and its lock.
 */
public final class Keys {
    private final String prefix;

    public Keys(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** A key of the generic {@link dev.tanken.cache.CacheService} operations. */
    public String plain(String key) {
        if (key == null || key.isEmpty()) {
            throw new dev.tanken.InvalidInputException("cache key must not be empty");
        }
        return prefix + ":k:" + key;
    }

    public String pattern() {
        return prefix + ":*";
    }

    public byte[] post(PostId id, char part) {
        return (prefix + ":{p:" + id + "}:" + part).getBytes(StandardCharsets.UTF_8);
    }

    public String cell(String cellId, String part) {
        return prefix + ":{g:" + cellId + "}:" + part;
    }

    /** The write-back claim on an author's picture. */
    public String picture(java.util.UUID authorId, String sha256) {
        return prefix + ":pic:" + authorId + ":" + sha256;
    }

    /** The hash of counters every process of the namespace adds to. */
    public String stats() {
        return prefix + ":stats";
    }

    public String writeBack(String part) {
        return prefix + ":{wb}:" + part;
    }

    /** Post key parts. */
    public static final char DETAILS = 'd';
    public static final char COUNTERS = 'c';
    public static final char VERSION = 'v';
}
