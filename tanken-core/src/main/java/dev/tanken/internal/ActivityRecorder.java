package dev.tanken.internal;

import dev.tanken.StorageException;
import dev.tanken.TankenException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityStream;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how an action's entry reaches the log. Without a stream, the entry is handed to the
 * database call itself, which appends it in the action's own transaction. With a stream, the
 * action runs alone and the entry is published once it committed; if the stream cannot take it,
 * the entry is appended to the log directly (idempotent by id), so a Redis outage loses nothing.
 */
public final class ActivityRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityRecorder.class);

    private final Supplier<ActivityLog> log;
    private final ActivityStream stream;

    /**
     * @param log where entries go when the stream is down (asked for only then)
     * @param stream null to write entries in the actions' transactions
     */
    public ActivityRecorder(Supplier<ActivityLog> log, ActivityStream stream) {
        this.log = log;
        this.stream = stream;
    }

    public boolean streaming() {
        return stream != null;
    }

    /**
     * Runs {@code action}, passing it the entry to record in its transaction or null when the
     * entry travels by stream; {@code changed} tells whether the result is a state change worth an
     * entry (the database overloads apply the same rule to the entry they receive).
     */
    public <T> T record(ActivityEntry entry, Function<ActivityEntry, T> action, Predicate<T> changed) {
        if (stream == null) {
            return action.apply(entry);
        }
        T result = action.apply(null);
        if (changed.test(result)) {
            publish(entry);
        }
        return result;
    }

    private void publish(ActivityEntry entry) {
        try {
            stream.publish(entry);
        } catch (TankenException streamFailure) {
            LOG.warn("activity stream unavailable ({}); writing entry {} to the log directly",
                    streamFailure.getMessage(), entry.id());
            try {
                log.get().append(entry);
            } catch (TankenException logFailure) {
                logFailure.addSuppressed(streamFailure);
                LOG.error("activity entry lost for a committed action: {} {} {} {}", entry.id(), entry.action(),
                        entry.subjectId(), entry.payloadJson());
                throw new StorageException("the action succeeded but its activity entry " + entry.id()
                        + " could be neither queued nor stored: " + logFailure.getMessage(), logFailure);
            }
        }
    }
}
