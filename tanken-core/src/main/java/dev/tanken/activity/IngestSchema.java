package dev.tanken.activity;

import java.time.Instant;
import java.util.Objects;

/**
 * The contract of an application's action: a JSON Schema its entries' payloads must meet.
 *
 * @param app the application
 * @param action the action
 * @param schema the JSON Schema text
 * @param updatedAt when it was last set
 */
public record IngestSchema(String app, String action, String schema, Instant updatedAt) {
    public IngestSchema {
        ActivityEntry.requireApp(app);
        ActivityEntry.requireAction(action);
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
