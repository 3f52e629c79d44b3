package dev.tanken.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.TankenException;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.IngestResult;
import dev.tanken.activity.internal.Json;
import dev.tanken.internal.BatchLoop;
import dev.tanken.redis.RedisActivityStream.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Moves other applications' entries from a Redis Stream ({@link RedisActivityStream#openForIngest})
 * through the ingest path ({@link ActivityIngest#append(List)}), a batch at a time: read, store in
 * one transaction (valid entries and dead letters together), then acknowledge and delete. A worker
 * killed between the store and the acknowledgement leaves its batch pending; the next worker (or
 * the same one restarted) re-reads its own pending entries, claims every entry another consumer
 * left pending, and sends them again: the ingest path stores an entry once per (app, id) and a
 * refused entry once per dead letter, so nothing is lost and nothing is doubled.
 *
 * <p>Each stream entry's fields are the envelope's, as strings: {@code id} (optional),
 * {@code occurredAt}, {@code app}, {@code actor}, {@code action}, {@code subjectType},
 * {@code subjectId}, and {@code payload} (JSON object text, optional). A field the envelope does
 * not know makes the entry a dead letter, as does any other broken rule.
 */
public final class IngestWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);

    /** Counters since the worker started. */
    public record Stats(long stored, long duplicates, long rejected, long failedBatches) {
    }

    private final RedisActivityStream stream;
    private final ActivityIngest ingest;
    private final ActivityWorker.Options options;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private volatile boolean recovering = true;
    private volatile boolean claimingAtStart = true;
    private final BatchLoop loop;

    /** @param options as an {@link ActivityWorker}'s; a batch holds at most {@link ActivityIngest#MAX_BATCH} entries */
    public IngestWorker(RedisActivityStream stream, ActivityIngest ingest, ActivityWorker.Options options) {
        if (stream == null || ingest == null || options == null) {
            throw new InvalidInputException("stream, ingest and options must not be null");
        }
        if (options.batchSize() > ActivityIngest.MAX_BATCH) {
            throw new InvalidInputException("an ingest batch holds at most " + ActivityIngest.MAX_BATCH
                    + " entries, got a batch size of " + options.batchSize());
        }
        this.stream = stream;
        this.ingest = ingest;
        this.options = options;
        this.loop = new BatchLoop("tanken-ingest-worker-" + options.consumer(), "ingest worker " + options.consumer(),
                this::processBatch, e -> e instanceof TankenException || e instanceof JedisException, LOG);
    }

    /**
     * Handles one batch: this consumer's own unacknowledged entries first (left by a crash), then
     * entries other consumers abandoned, then new ones (waiting up to {@code block}). Returns how
     * many stream entries it handled; 0 means there was nothing to do.
     *
     * @throws TankenException if Redis or the database fails; the batch stays pending
     */
    public int processBatch() {
        List<Delivery> batch = List.of();
        if (recovering) {
            batch = stream.readPending(options.consumer(), options.batchSize());
            if (batch.isEmpty()) {
                recovering = false;
            }
        }
        if (batch.isEmpty() && claimingAtStart) {
            // Entries pending at start-up belong to a consumer that died (or one still working, which
            // costs a repeat the ingest path recognises): waiting out claimIdle would only delay them.
            batch = stream.claimStale(options.consumer(), 0, options.batchSize());
            if (batch.size() < options.batchSize()) {
                claimingAtStart = false;
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
        store(batch);
        return batch.size();
    }

    private void store(List<Delivery> batch) {
        List<JsonNode> entries = new ArrayList<>(batch.size());
        List<StreamEntryID> handled = new ArrayList<>(batch.size());
        for (Delivery d : batch) {
            if (!"deleted".equals(d.problem())) {
                entries.add(envelope(d.fields()));
            }
            handled.add(d.streamId());
        }
        if (!entries.isEmpty()) {
            IngestResult result;
            try {
                result = ingest.append(entries);
            } catch (TankenException e) {
                failedBatches.incrementAndGet();
                // Unacknowledged, the batch is still ours: read it again from the pending list.
                recovering = true;
                throw e;
            }
            stored.addAndGet(result.count(IngestResult.Status.STORED));
            duplicates.addAndGet(result.count(IngestResult.Status.DUPLICATE));
            long refused = result.count(IngestResult.Status.REJECTED);
            if (refused > 0) {
                rejected.addAndGet(refused);
                LOG.warn("ingest stream {}: {} of {} entries refused, kept as dead letters (tanken activity"
                        + " dead-letters)", stream.key(), refused, entries.size());
            }
        }
        stream.acknowledge(handled);
    }

    /**
     * The envelope of a stream entry. The payload field holds JSON text; text that is not JSON is
     * handed on as a string, which the envelope rules refuse, naming it.
     */
    static ObjectNode envelope(Map<String, String> fields) {
        ObjectNode o = Json.nodes().objectNode();
        fields.forEach((name, value) -> {
            if (name.equals("payload")) {
                try {
                    o.set(name, Json.parse(value, "payload"));
                } catch (InvalidInputException notJson) {
                    o.put(name, value);
                }
            } else {
                o.put(name, value);
            }
        });
        return o;
    }

    public Stats stats() {
        return new Stats(stored.get(), duplicates.get(), rejected.get(), failedBatches.get());
    }

    /** Processes batches until {@link #close()} is called; failures are logged and retried. */
    public void run() {
        loop.run();
    }

    /** Runs {@link #run()} on a daemon thread. */
    public void start() {
        loop.start();
    }

    /** Stops after the current batch (a blocked read returns within {@code block}). */
    @Override
    public void close() {
        loop.stop(options.block().plusSeconds(10), () -> { });
    }
}
