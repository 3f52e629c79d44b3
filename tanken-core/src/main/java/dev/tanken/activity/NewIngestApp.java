package dev.tanken.activity;

import java.time.Instant;
import java.util.Objects;

/**
 * A just-registered application with its API key, shown this once.
 *
 * @param app the application
 * @param key the API key, sent as {@code Authorization: Bearer KEY}
 */
public record NewIngestApp(IngestApp app, String key) {
    public NewIngestApp {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(key, "key");
    }

    public String name() {
        return app.name();
    }

    public Instant createdAt() {
        return app.createdAt();
    }

    @Override
    public String toString() {
        return "NewIngestApp[" + app.name() + ", key=(hidden)]";
    }
}
