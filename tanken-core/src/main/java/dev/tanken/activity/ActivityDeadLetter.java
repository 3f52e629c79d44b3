package dev.tanken.activity;

import java.time.Instant;
import java.util.Objects;

/**
 * An entry refused at the boundary, kept with the reason until it is replayed or dropped.
 *
 * @param id its id (a digest of the application and the entry's text)
 * @param app the application the entry named, or null when it named none usable
 * @param action the action the entry named, or null when it named none usable
 * @param receivedAt when it was (last) refused
 * @param entry the entry's JSON text as received (compact)
 * @param reason why it was refused
 */
public record ActivityDeadLetter(String id, String app, String action, Instant receivedAt, String entry,
        String reason) {
    public ActivityDeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(reason, "reason");
    }
}
