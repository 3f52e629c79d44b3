package dev.tanken.redis;

import dev.tanken.InvalidInputException;
import dev.tanken.TankenException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.internal.BatchLoop;
import dev.tanken.redis.RedisActivityStream.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Moves activity entries from a {@link RedisActivityStream} into an {@link ActivityLog}, a batch at
 * a time: read, write in one transaction (entries already stored are skipped by id), then
 * acknowledge. A worker that dies between the write and the acknowledgement leaves its batch
 * pending; a worker starting up re-reads its own pending entries, then claims every entry another
 * consumer left pending, at once (later, only those idle for {@code claimIdle}), writes them again,
 * and the log keeps one copy of each entry. Nothing is acknowledged before it is stored, so nothing is lost either.
 *
 * <p>Entries that cannot be decoded are moved to the dead-letter stream instead of blocking the
 * queue. A failed write leaves the batch pending and is retried.
 */
public final class ActivityWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityWorker.class);
    private static final Pattern CONSUMER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /**
     * @param consumer this worker's name in the consumer group; keep it stable across restarts so
     *     that a restarted worker resumes its own unacknowledged batch at once
     * @param batchSize entries per read and per database transaction
     * @param block how long a read waits for new entries
     * @param claimIdle after how long another consumer's unacknowledged entries are taken over
     */
    public record Options(String consumer, int batchSize, Duration block, Duration claimIdle) {
        public Options {
            if (consumer == null || !CONSUMER.matcher(consumer).matches()) {
                throw new InvalidInputException("consumer name must be 1 to 64 letters, digits or . _ : -, got '"
                        + consumer + "'");
            }
            if (batchSize < 1 || batchSize > 10_000) {
                throw new InvalidInputException("batch size must be between 1 and 10000, got " + batchSize);
            }
            if (block == null || block.isNegative() || claimIdle == null || claimIdle.isNegative()) {
                throw new InvalidInputException("block and claim-idle durations must not be negative");
            }
        }

        public static Options defaults(String consumer) {
            return new Options(consumer, 500, Duration.ofSeconds(2), Duration.ofSeconds(60));
        }
    }

    /** Counters since the worker started. */
    public record Stats(long written, long duplicates, long deadLettered, long failedBatches) {
    }

    private final RedisActivityStream stream;
    private final ActivityLog log;
    private final Options options;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private volatile boolean recovering = true;
    private volatile boolean claimingAtStart = true;
    private final BatchLoop loop;

    public ActivityWorker(RedisActivityStream stream, ActivityLog log, Options options) {
        if (stream == null || log == null || options == null) {
            throw new InvalidInputException("stream, log and options must not be null");
        }
        this.stream = stream;
        this.log = log;
        this.options = options;
        this.loop = new BatchLoop("tanken-activity-worker-" + options.consumer(), "activity worker "
                + options.consumer(), this::processBatch, e -> e instanceof TankenException
                || e instanceof JedisException, LOG);
    }

    /**
     * Handles one batch: first this consumer's own unacknowledged entries (left by a crash), then
     * entries other consumers abandoned, then new ones (waiting up to {@code block}). Returns how
     * many stream entries it handled; 0 means there was nothing to do.
     *
     * @throws TankenException if Redis or the database fails; the batch stays pending
     */
    public int processBatch() {
        List<Delivery> batch;
        if (recovering) {
            batch = stream.readPending(options.consumer(), options.batchSize());
            if (batch.isEmpty()) {
                recovering = false;
            }
        } else {
            batch = List.of();
        }
        if (batch.isEmpty() && claimingAtStart) {
            // Entries pending at start-up belong to a consumer that died (or to one still working, which
            // costs a duplicate write the log ignores): waiting out claimIdle would only delay them.
            batch = stream.claimStale(options.consumer(), 0, options.batchSize());
            if (batch.size() < options.batchSize()) {
                claimingAtStart = false; // all that was pending at start is taken
            }
        }
        if (batch.isEmpty()) {
            batch = stream.claimStale(options.consumer(), options.claimIdle().toMillis(), options.batchSize());
        }
        if (batch.isEmpty()) {
            batch = stream.readNew(options.consumer(), options.batchSize(), options.block().toMillis());
        }
        if (batch.isEmpty()) {
            return 0;
        }
        write(batch);
        return batch.size();
    }

    private void write(List<Delivery> batch) {
        List<ActivityEntry> entries = new ArrayList<>(batch.size());
        List<StreamEntryID> handled = new ArrayList<>(batch.size());
        for (Delivery d : batch) {
            if (d.entry() != null) {
                entries.add(d.entry());
            } else if (!"deleted".equals(d.problem())) {
                LOG.error("activity stream entry {} cannot be read ({}); moved to {}", d.streamId(), d.problem(),
                        stream.deadLetterKey());
                stream.deadLetter(d);
                deadLettered.incrementAndGet();
            }
            handled.add(d.streamId());
        }
        int added;
        try {
            added = log.appendAll(entries);
        } catch (TankenException e) {
            failedBatches.incrementAndGet();
            // Unacknowledged, the batch is still ours: read it again from the pending list.
            recovering = true;
            throw e;
        }
        written.addAndGet(added);
        duplicates.addAndGet(entries.size() - added);
        stream.acknowledge(handled);
    }

    /** Processes batches until {@link #close()} is called; failures are logged and retried. */
    public void run() {
        loop.run();
    }

    /** Runs {@link #run()} on a daemon thread. */
    public void start() {
        loop.start();
    }

    public Stats stats() {
        return new Stats(written.get(), duplicates.get(), deadLettered.get(), failedBatches.get());
    }

    /** Stops after the current batch (a blocked read returns within {@code block}). */
    @Override
    public void close() {
        loop.stop(options.block().plusSeconds(10), () -> { });
    }
}
