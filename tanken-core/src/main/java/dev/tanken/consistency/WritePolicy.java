package dev.tanken.consistency;

import dev.tanken.InvalidInputException;
import java.util.Locale;

/**
 * How a write reaches the database and the cache. Reads are always cache-aside: served from the
 * cache when it holds the post, else from the database, which then fills the cache.
 */
public enum WritePolicy {
    /** Database first, then the cache is refreshed from the database; both before the call returns. */
    WRITE_THROUGH,
    /**
     * The call returns once the write is recorded in the cache server's write-back stream and the
     * cached post shows it; a flusher applies it to the database later, in batches, exactly once in
     * effect. Needs the cache: without it the write fails (or, if so configured, goes write-through).
     */
    WRITE_BACK,
    /** Database only; the cached copy is invalidated and refilled by the next read. */
    WRITE_AROUND;

    /**
     * The seed design's {@code setPost(post, needWriteBackNow, needCache)} flags: write the database
     * now and cache ({@link #WRITE_THROUGH}), cache now and write the database later
     * ({@link #WRITE_BACK}), or write the database without caching ({@link #WRITE_AROUND}).
     *
     * @throws InvalidInputException for (false, false): a write must go somewhere
     */
    public static WritePolicy of(boolean writeDatabaseNow, boolean cache) {
        if (writeDatabaseNow) {
            return cache ? WRITE_THROUGH : WRITE_AROUND;
        }
        if (cache) {
            return WRITE_BACK;
        }
        throw new InvalidInputException("a write that neither reaches the database now nor is cached would be lost");
    }

    /** Parses {@code write-through}, {@code write-back} or {@code write-around} (any case, '_' or '-'). */
    public static WritePolicy parse(String text) {
        if (text != null) {
            String t = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (WritePolicy p : values()) {
                if (p.name().equals(t)) {
                    return p;
                }
            }
        }
        throw new InvalidInputException("write policy must be write-through, write-back or write-around, got '"
                + text + "'");
    }

    /** The command-line spelling, e.g. {@code write-back}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
