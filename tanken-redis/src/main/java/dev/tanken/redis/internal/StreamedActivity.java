package dev.tanken.redis.internal;

import dev.tanken.activity.ActivityLog;
import dev.tanken.redis.ActivityWorker;
import dev.tanken.redis.RedisActivityStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Activity entries that earlier versions of Tanken published to the cache server's stream (today
 * every entry is written in its change's transaction, so nothing new arrives there). Draining
 * claims what other consumers left unacknowledged at once: no consumer of this stream is alive to
 * wait for, and writing an entry twice is harmless (the log keeps one per id).
 */
public final class StreamedActivity {
    private StreamedActivity() {
    }

    /** Writes every entry of {@code stream} to {@code log}; returns how many stream entries it handled. */
    public static long drain(RedisActivityStream stream, ActivityLog log) {
        if (stream.length() == 0) {
            return 0;
        }
        String consumer = "tanken-drain-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        long handled = 0;
        try (ActivityWorker drainer = new ActivityWorker(stream, log,
                new ActivityWorker.Options(consumer, 500, Duration.ZERO, Duration.ZERO))) {
            int n;
            while ((n = drainer.processBatch()) > 0) {
                handled += n;
            }
        }
        return handled;
    }
}
