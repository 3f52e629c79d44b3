package dev.tanken.activity;

import java.time.Instant;
import java.util.Objects;

/**
 * An application allowed to send activity entries.
 *
 * @param name its name, as entries give it in {@code app}
 * @param createdAt when it was registered
 */
public record IngestApp(String name, Instant createdAt) {
    public IngestApp {
        ActivityEntry.requireApp(name);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
