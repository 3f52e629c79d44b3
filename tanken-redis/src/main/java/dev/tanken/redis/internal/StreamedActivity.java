package dev.tanken.redis.internal;

import dev.tanken.TankenException;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityRelay;
import dev.tanken.redis.ActivityWorker;
import dev.tanken.redis.RedisActivityStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activity entries carried by the cache server's Redis Stream when a cache is configured: actions
 * publish to the stream, a background consumer-group worker writes them to the log in batches,
 * and {@link #close()} drains what is left, so a short-lived process (one CLI command) leaves
 * nothing behind. Another process's unacknowledged entries are claimed after the worker's idle time.
 */
public final class StreamedActivity implements ActivityRelay {
    /** Short enough that closing waits little for a blocked read, long enough not to spin. */
    private static final Duration BLOCK = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(StreamedActivity.class);

    private final RedisActivityStream stream;
    private final ActivityLog log;
    private final String consumer;
    private final ActivityWorker background;

    public StreamedActivity(RedisActivityStream stream, ActivityLog log) {
        this.stream = stream;
        this.log = log;
        this.consumer = "tanken-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        // No group is created here: the worker's reads create it (from id 0, so nothing published
        // before is skipped), and opening asks nothing of a Redis that may be down.
        this.background = new ActivityWorker(stream, log,
                new ActivityWorker.Options(consumer, 500, BLOCK, Duration.ofSeconds(60)));
        background.start();
    }

    @Override
    public RedisActivityStream stream() {
        return stream;
    }

    @Override
    public void close() {
        background.close();
        // Same consumer name: the drainer first re-reads whatever the background worker left pending.
        ActivityWorker drainer = new ActivityWorker(stream, log,
                new ActivityWorker.Options(consumer, 500, Duration.ZERO, Duration.ofSeconds(60)));
        try {
            stream.ensureGroup(); // the namespace may have been dropped meanwhile (tanken cache flush --drop)
            while (drainer.processBatch() > 0) {
                // keep draining
            }
        } catch (TankenException e) {
            // Published entries stay in the stream; the next worker on this cache writes them.
            LOG.warn("activity entries left in the stream for the next worker: {}", e.getMessage());
        } finally {
            drainer.close();
        }
    }
}
