package dev.tanken.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.TankenException;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.IngestResult;
import dev.tanken.internal.BatchLoop;
import dev.tanken.kafka.internal.RecordEntries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves other applications' entries from a Kafka topic into the activity log. Each record's value is
 * one entry, the JSON envelope of {@link ActivityIngest}; the worker reads the topic in a consumer
 * group and sends each poll, at most {@link ActivityIngest#MAX_BATCH} records, through the ingest
 * batch path ({@link ActivityIngest#append(List)}: valid entries and dead letters in one transaction),
 * and only then commits the poll's offsets. A worker that dies between the two leaves the offsets
 * where they were: whoever reads the partitions next receives the batch again, and the ingest path
 * stores each entry once per (app, id), so nothing is lost and nothing is stored twice. A record that
 * is not an entry (not JSON, too big, breaking the envelope or its action's contract) becomes a dead
 * letter and never holds back the others of its poll.
 *
 * <p>An entry names its application in {@code app}, which must be registered ({@code tanken activity
 * app add}); its key is not used: who may write to the topic is for the cluster's ACLs to decide.
 * The record's key and headers are not read.
 *
 * <p>Not thread-safe, except {@link #close()}, which stops a worker {@link #start() started} on its
 * own thread.
 */
public final class KafkaIngestWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngestWorker.class);

    /** Counters since the worker started. */
    public record Stats(long stored, long duplicates, long rejected, long failedBatches) {
    }

    /**
     * @param batchSize the most records one poll, and so one transaction, holds: 1 to {@link ActivityIngest#MAX_BATCH}
     * @param pollTimeout how long a poll waits for records when none are there
     * @param connectTimeout how long to wait for the cluster's answer at start-up (and, draining, for a share of the partitions)
     */
    public record Options(int batchSize, Duration pollTimeout, Duration connectTimeout) {
        public Options {
            if (batchSize < 1 || batchSize > ActivityIngest.MAX_BATCH) {
                throw new InvalidInputException("an ingest batch holds 1 to " + ActivityIngest.MAX_BATCH
                        + " entries, got a batch size of " + batchSize);
            }
            if (pollTimeout == null || pollTimeout.isNegative()) {
                throw new InvalidInputException("pollTimeout must not be null or negative");
            }
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new InvalidInputException("connectTimeout must be positive");
            }
        }

        /** Batches of 1000, polls of up to 1 s, 30 s to reach the cluster. */
        public static Options defaults() {
            return new Options(ActivityIngest.MAX_BATCH, Duration.ofSeconds(1), Duration.ofSeconds(30));
        }

        public Options withBatchSize(int size) {
            return new Options(size, pollTimeout, connectTimeout);
        }

        public Options withPollTimeout(Duration timeout) {
            return new Options(batchSize, timeout, connectTimeout);
        }

        public Options withConnectTimeout(Duration timeout) {
            return new Options(batchSize, pollTimeout, timeout);
        }
    }

    private final KafkaIngestConfig config;
    private final ActivityIngest ingest;
    private final Options options;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final BatchLoop loop;
    private boolean closed;

    private KafkaIngestWorker(KafkaIngestConfig config, ActivityIngest ingest, Options options,
            KafkaConsumer<byte[], byte[]> consumer) {
        this.config = config;
        this.ingest = ingest;
        this.options = options;
        this.consumer = consumer;
        this.loop = new BatchLoop("tanken-kafka-ingest-" + config.group(), "Kafka ingest worker (" + config + ")",
                this::processBatch, e -> e instanceof TankenException || e instanceof KafkaException, LOG);
    }

    /**
     * Connects to the cluster, checks that the topic exists and joins the consumer group (the
     * partitions are assigned during the first polls).
     *
     * @throws InvalidInputException when an argument is missing or a client setting is not one Kafka knows
     * @throws StorageException when no broker answers within {@code connectTimeout}, the topic does not
     *     exist, or the cluster refuses access; the message says which
     */
    public static KafkaIngestWorker open(KafkaIngestConfig config, ActivityIngest ingest, Options options) {
        if (config == null || ingest == null || options == null) {
            throw new InvalidInputException("config, ingest and options must not be null");
        }
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(properties(config, options), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        } catch (KafkaException e) {
            if (e.getCause() instanceof ConfigException bad && !String.valueOf(bad.getMessage()).contains("bootstrap")) {
                throw new InvalidInputException("a Kafka client setting is not valid: " + bad.getMessage());
            }
            throw new StorageException("cannot connect to Kafka " + config + ": " + rootMessage(e), e);
        }
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(config.topic(), options.connectTimeout());
            if (partitions == null || partitions.isEmpty()) {
                throw new StorageException("Kafka " + config + ": topic '" + config.topic() + "' does not exist"
                        + " (create it, or name another with ?topic=)");
            }
            consumer.subscribe(List.of(config.topic()));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw new StorageException("cannot reach Kafka " + config + ": no broker answered within "
                    + options.connectTimeout().toSeconds() + " s", e);
        } catch (KafkaException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw new StorageException("Kafka " + config + ": " + rootMessage(e), e);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        return new KafkaIngestWorker(config, ingest, options, consumer);
    }

    private static Properties properties(KafkaIngestConfig config, Options options) {
        Properties p = new Properties();
        p.putAll(config.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.bootstrapServers()));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        // Offsets move only after the batch's transaction committed: the at-least-once half of the guarantee.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(options.batchSize()));
        // Records of an aborted producer transaction were never sent, as far as the log is concerned.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A new group starts at the topic's beginning: entries sent before the first worker ran are not skipped.
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A missing topic is an error to report, not one to create with the broker's defaults.
        p.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tanken-ingest-" + config.group());
        return p;
    }

    public KafkaIngestConfig config() {
        return config;
    }

    /**
     * Polls once (waiting up to {@code pollTimeout}), stores what came through the ingest path and
     * commits its offsets. Returns how many records it handled; 0 means there was nothing to do.
     *
     * @throws TankenException if the database fails (the batch's partitions are rewound to its first
     *     records, which the next poll returns again) or Kafka does
     */
    public int processBatch() {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(options.pollTimeout());
        } catch (WakeupException e) {
            if (loop.stopped()) {
                return 0;
            }
            throw e;
        } catch (KafkaException e) {
            throw new StorageException("Kafka " + config + ": poll failed: " + rootMessage(e), e);
        }
        if (records.isEmpty()) {
            return 0;
        }
        List<JsonNode> entries = new ArrayList<>(records.count());
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            entries.add(RecordEntries.entry(r.value()));
            first.putIfAbsent(tp, r.offset());
            next.put(tp, new OffsetAndMetadata(r.offset() + 1));
        }
        IngestResult result;
        try {
            result = ingest.append(entries);
        } catch (RuntimeException e) {
            failedBatches.incrementAndGet();
            rewind(first);
            throw e;
        }
        stored.addAndGet(result.count(IngestResult.Status.STORED));
        duplicates.addAndGet(result.count(IngestResult.Status.DUPLICATE));
        long refused = result.count(IngestResult.Status.REJECTED);
        if (refused > 0) {
            rejected.addAndGet(refused);
            LOG.warn("Kafka topic {}: {} of {} records refused, kept as dead letters (tanken activity dead-letters)",
                    config.topic(), refused, entries.size());
        }
        commit(next);
        return entries.size();
    }

    /** Makes the next poll return a failed batch again: its offsets were not committed. */
    private void rewind(Map<TopicPartition, Long> first) {
        Set<TopicPartition> assigned = consumer.assignment();
        first.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The partitions went to another worker while the batch was stored: it reads the batch again
            // from the last committed offset, and the ingest path finds its entries already stored.
            LOG.info("Kafka topic {}: offsets not committed after a rebalance; the batch will be read again"
                    + " and found stored: {}", config.topic(), e.getMessage());
        } catch (WakeupException e) {
            if (!loop.stopped()) {
                throw e;
            }
            // Closing: commit once more without the wake-up, so that a stored batch is not read again.
            commit(offsets);
        } catch (KafkaException e) {
            throw new StorageException("Kafka " + config + ": committing offsets failed (the batch is stored and will"
                    + " be found stored when read again): " + rootMessage(e), e);
        }
    }

    /**
     * Handles what the topic's partitions assigned to this worker hold when they are first assigned,
     * then returns. Alone in its group, the worker is assigned every partition: it waits for all of
     * them, as a group may hand them out one rebalance at a time; when other workers hold some, it
     * settles for its own after {@code connectTimeout}.
     *
     * @throws StorageException when no partition is assigned within {@code connectTimeout}, or Kafka or
     *     the database fails
     */
    public Stats drain() {
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        Map<TopicPartition, Long> ends = new HashMap<>();
        int partitions;
        try {
            partitions = consumer.partitionsFor(config.topic(), options.connectTimeout()).size();
        } catch (KafkaException e) {
            throw new StorageException("Kafka " + config + ": reading the partitions of topic '" + config.topic()
                    + "' failed: " + rootMessage(e), e);
        }
        while (true) {
            processBatch();
            Set<TopicPartition> assigned = consumer.assignment();
            if (assigned.size() < partitions && !assigned.isEmpty() && System.nanoTime() <= deadline) {
                continue;
            }
            if (assigned.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new StorageException("Kafka " + config + ": no partition of topic '" + config.topic()
                            + "' was assigned to this worker within " + options.connectTimeout().toSeconds()
                            + " s (do other workers of group '" + config.group() + "' hold them all?)");
                }
                continue;
            }
            try {
                List<TopicPartition> unknown = assigned.stream().filter(tp -> !ends.containsKey(tp)).toList();
                if (!unknown.isEmpty()) {
                    ends.putAll(consumer.endOffsets(unknown, options.connectTimeout()));
                }
                boolean caughtUp = true;
                for (TopicPartition tp : assigned) {
                    if (consumer.position(tp, options.connectTimeout()) < ends.get(tp)) {
                        caughtUp = false;
                        break;
                    }
                }
                if (caughtUp) {
                    return stats();
                }
            } catch (KafkaException e) {
                throw new StorageException("Kafka " + config + ": reading the partitions' offsets failed: "
                        + rootMessage(e), e);
            }
        }
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

    /**
     * Stops after the current batch (its offsets committed) and leaves the group, so that the
     * other workers take over its partitions at once.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        loop.stop(options.pollTimeout().plusSeconds(60), consumer::wakeup);
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("Kafka ingest worker ({}): closing the consumer: {}", config, e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
