package dev.tanken.consistency;

import dev.tanken.cache.WriteBackQueue;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A write-back write the database refused when the flusher applied it (a duplicate picture, an
 * unknown author, a post deleted meanwhile). It stays in the dead-letter list until it is replayed
 * ({@link CachingDatabaseService#replayDeadLetters}) or dropped ({@link CachingDatabaseService#dropDeadLetters}).
 *
 * @param id its id in the dead-letter list
 * @param failedAt when the flusher refused it
 * @param queuedAt when the write was queued
 * @param operation {@code create}, {@code tags}, {@code delete}, {@code like}, {@code unlike},
 *     {@code bookmark}, {@code unbookmark}, {@code comment} or {@code uncomment}
 * @param postId the post it is about, null if the entry does not say
 * @param actor the user who made the write, null if it carries no activity entry
 * @param reason why the database refused it
 */
public record DeadLetter(String id, Instant failedAt, Instant queuedAt, String operation, String postId,
        String actor, String reason) {
    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(reason, "reason");
    }

    /** A dead-letter stream entry as the queue returns it. */
    static DeadLetter of(WriteBackQueue.Entry e) {
        Map<String, String> f = e.fields();
        return new DeadLetter(e.id(), streamTime(e.id()), streamTime(f.get("entry")), f.getOrDefault("op", "?"),
                f.get("post"), f.get("a.actor"), f.getOrDefault("reason", ""));
    }

    /** A Redis stream id starts with its milliseconds since the epoch. */
    private static Instant streamTime(String streamId) {
        if (streamId == null) {
            return null;
        }
        int dash = streamId.indexOf('-');
        try {
            return Instant.ofEpochMilli(Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
