package dev.tanken.internal;

import dev.tanken.StorageException;
import dev.tanken.TankenException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityStream;
import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how a write's entry reaches the log. Without a stream, the entry travels with the write,
 * and the database appends it in the write's own transaction. With a stream, the
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
     * Applies {@code write} with {@code applier}: with its entry, which the database then appends
     * in the write's transaction when the write changed something; or, with a stream, without it,
     * publishing the entry once the write committed and only if it changed something.
     */
    public Applied apply(Write write, Function<Write, Applied> applier) {
        if (stream == null || write.entry() == null) {
            return applier.apply(write);
        }
        Applied applied = applier.apply(write.withEntry(null));
        if (applied.changed()) {
            publish(write.entry());
        }
        return applied;
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
