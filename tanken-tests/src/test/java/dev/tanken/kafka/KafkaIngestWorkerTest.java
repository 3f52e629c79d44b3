package dev.tanken.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityDeadLetter;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.IngestResult;
import dev.tanken.db.DatabaseService;
import dev.tanken.testing.TestDatabase;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Entries other applications produce to a topic on a real (in-process KRaft) broker arrive in the
 * activity log of each database backend through {@link KafkaIngestWorker}: once each, however often
 * delivered, and a record that is not a valid entry becomes one dead letter without holding back the
 * valid records of its poll.
 */
@ParameterizedClass(name = "[{index}] {0}")
@EnumSource(TestDatabase.Kind.class)
class KafkaIngestWorkerTest {
    private static final KafkaIngestWorker.Options OPTIONS = KafkaIngestWorker.Options.defaults()
            .withPollTimeout(Duration.ofMillis(200)).withConnectTimeout(Duration.ofSeconds(60));
    private static EmbeddedKafka kafka;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    private TestDatabase database;
    private DatabaseService db;
    private ActivityIngest ingest;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void open() {
        database = TestDatabase.of(kind, dir);
        db = database.open();
        ingest = db.activityLog().ingest();
        ingest.addApp("orders");
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (database != null) {
            database.close();
        }
    }

    static String entry(String id, int i, String payload) {
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"occurredAt\":\"2025-03-01T09:00:00Z\","
                + "\"app\":\"orders\",\"actor\":\"user" + (i % 7) + "\",\"action\":\"order.placed\","
                + "\"subjectType\":\"order\",\"subjectId\":\"o-" + i + "\",\"payload\":" + payload + "}";
    }

    private KafkaIngestWorker.Stats drain(String topic, ActivityIngest through) {
        try (KafkaIngestWorker worker = KafkaIngestWorker.open(KafkaIngestConfig.parse(kafka.url(topic)), through,
                OPTIONS)) {
            return worker.drain();
        }
    }

    @Test
    void entriesProducedToTheTopicArriveInTheLog() {
        String topic = kafka.newTopic(3);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            values.add(entry("order-" + i, i, "{\"amount\":" + i + ".50,\"lines\":[{\"sku\":\"s" + i + "\"}]}"));
        }
        kafka.send(topic, values);

        KafkaIngestWorker.Stats stats = drain(topic, ingest);

        assertThat(stats).isEqualTo(new KafkaIngestWorker.Stats(250, 0, 0, 0));
        assertThat(db.activityLog().count()).isEqualTo(250);
        List<ActivityEntry> found = db.activityLog().search(ActivityQuery.newestFirst(10).withSubject("order", "o-42"))
                .items();
        assertThat(found).hasSize(1);
        ActivityEntry e = found.get(0);
        assertThat(e.app()).isEqualTo("orders");
        assertThat(e.actor()).isEqualTo("user0");
        assertThat(e.action()).isEqualTo("order.placed");
        assertThat(e.payload().toObjectNode().get("amount").decimalValue()).isEqualByComparingTo("42.50");
        assertThat(e.payload().toObjectNode().at("/lines/0/sku").textValue()).isEqualTo("s42");
        assertThat(ingest.deadLetters(10)).isEmpty();
        // Every partition's offset moved past its last record.
        assertThat(kafka.committed("g-" + topic).values().stream().mapToLong(o -> o.offset()).sum()).isEqualTo(250);
    }

    @Test
    void aRecordDeliveredTwiceIsStoredOnce() {
        String topic = kafka.newTopic(2);
        String withId = entry("order-1", 1, "{\"n\":1}");
        String withoutId = entry(null, 2, "{\"n\":2}");
        // Sent twice by the producer (a retry), and then the whole topic delivered again to the group.
        kafka.send(topic, List.of(withId, withoutId, withId, withoutId));

        assertThat(drain(topic, ingest)).isEqualTo(new KafkaIngestWorker.Stats(2, 2, 0, 0));
        kafka.rewindGroup("g-" + topic, topic, 2);
        assertThat(drain(topic, ingest)).isEqualTo(new KafkaIngestWorker.Stats(0, 4, 0, 0));

        assertThat(db.activityLog().count()).isEqualTo(2);
    }

    @Test
    void anInvalidRecordBecomesOneDeadLetterAndTheValidRecordsOfItsPollAreStored() {
        ingest.setSchema("orders", "order.paid", "{\"type\":\"object\",\"required\":[\"amount\"],"
                + "\"properties\":{\"amount\":{\"type\":\"number\"}}}");
        String topic = kafka.newTopic(1);
        List<String> values = new ArrayList<>();
        values.add(entry("ok-1", 1, "{}"));
        values.add("this is not JSON");
        values.add(entry("ok-2", 2, "{}"));
        values.add(entry("bad-payload", 3, "[1,2]"));
        values.add(entry("too-big", 4, "{\"blob\":\"" + "x".repeat(80_000) + "\"}"));
        values.add(entry("ok-3", 5, "{}").replace("order.placed", "order.paid").replace("{}", "{\"amount\":3}"));
        values.add(entry("breaks-contract", 6, "{\"amount\":\"three\"}").replace("order.placed", "order.paid"));
        values.add(entry("stranger", 7, "{}").replace("\"orders\"", "\"stranger\""));
        values.add(null);
        values.add(entry("ok-4", 8, "{}"));
        kafka.send(topic, values);
        List<IngestResult> batches = new ArrayList<>();

        KafkaIngestWorker.Stats stats = drain(topic, recording(ingest, batches));

        assertThat(stats).isEqualTo(new KafkaIngestWorker.Stats(4, 0, 6, 0));
        assertThat(db.activityLog().count()).isEqualTo(4);
        // The records were all on the broker before the worker started: one poll brought refused and valid ones.
        assertThat(batches).anySatisfy(b -> {
            assertThat(b.count(IngestResult.Status.REJECTED)).isPositive();
            assertThat(b.count(IngestResult.Status.STORED)).isPositive();
        });
        List<String> reasons = ingest.deadLetters(100).stream().map(ActivityDeadLetter::reason).toList();
        assertThat(reasons).hasSize(6).anySatisfy(r -> assertThat(r).contains("must be a JSON object, got string"))
                .anySatisfy(r -> assertThat(r).contains("payload must be a JSON object, got array"))
                .anySatisfy(r -> assertThat(r).contains("larger than"))
                .anySatisfy(r -> assertThat(r).contains("does not meet the contract of orders order.paid"))
                .anySatisfy(r -> assertThat(r).contains("'stranger' is not registered"))
                .anySatisfy(r -> assertThat(r).contains("must be a JSON object, got null"));
        assertThat(ingest.deadLetters(100)).anySatisfy(d -> assertThat(d.entry()).isEqualTo("\"this is not JSON\""));

        // Delivered again, each refused record updates its dead letter rather than adding one.
        kafka.rewindGroup("g-" + topic, topic, 1);
        assertThat(drain(topic, ingest)).isEqualTo(new KafkaIngestWorker.Stats(0, 4, 6, 0));
        assertThat(ingest.deadLetters(100)).hasSize(6);
    }

    @Test
    void aBatchTheDatabaseRefusesIsReadAgainNotSkipped() {
        String topic = kafka.newTopic(1);
        kafka.send(topic, List.of(entry("a", 1, "{}"), entry("b", 2, "{}")));
        int[] failures = {1};
        ActivityIngest failingOnce = forwarding(ingest, entries -> {
            if (failures[0]-- > 0) {
                throw new StorageException("database unavailable (test)");
            }
            return ingest.append(entries);
        });
        try (KafkaIngestWorker worker = KafkaIngestWorker.open(KafkaIngestConfig.parse(kafka.url(topic)), failingOnce,
                OPTIONS)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean failed = false;
            while (!failed && System.nanoTime() < deadline) {
                try {
                    worker.processBatch();
                } catch (StorageException expected) {
                    failed = true;
                }
            }
            assertThat(failed).isTrue();
            assertThat(worker.drain()).isEqualTo(new KafkaIngestWorker.Stats(2, 0, 0, 1));
        }
        assertThat(db.activityLog().count()).isEqualTo(2);
    }

    @Test
    void aStartedWorkerStoresWhatArrivesAndStopsWithItsOffsetsCommitted() throws Exception {
        String topic = kafka.newTopic(2);
        KafkaIngestWorker worker = KafkaIngestWorker.open(KafkaIngestConfig.parse(kafka.url(topic)), ingest, OPTIONS);
        try {
            worker.start();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                values.add(entry("live-" + i, i, "{}"));
            }
            kafka.send(topic, values);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (db.activityLog().count() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            worker.close();
        }
        assertThat(db.activityLog().count()).isEqualTo(40);
        assertThat(worker.stats()).isEqualTo(new KafkaIngestWorker.Stats(40, 0, 0, 0));
        assertThat(kafka.committed("g-" + topic).values().stream().mapToLong(o -> o.offset()).sum()).isEqualTo(40);
    }

    @Test
    void aTopicThatDoesNotExistIsAClearError() {
        assertThatThrownBy(() -> KafkaIngestWorker.open(KafkaIngestConfig.parse("kafka://" + kafka.bootstrapServers()
                + "?topic=no-such-topic"), ingest, OPTIONS))
                .isInstanceOf(StorageException.class).hasMessageContaining("topic 'no-such-topic' does not exist");
    }

    @Test
    void anUnreachableBrokerIsAClearError() {
        assertThatThrownBy(() -> KafkaIngestWorker.open(KafkaIngestConfig.parse("kafka://127.0.0.1:1"), ingest,
                OPTIONS.withConnectTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(StorageException.class)
                .hasMessage("cannot reach Kafka kafka://127.0.0.1:1?topic=tanken.ingest&group=tanken-activity-writers:"
                        + " no broker answered within 2 s");
    }

    /** The ingest path, with each batch's result kept. */
    private static ActivityIngest recording(ActivityIngest ingest, List<IngestResult> results) {
        return forwarding(ingest, entries -> {
            IngestResult r = ingest.append(entries);
            results.add(r);
            return r;
        });
    }

    /** The ingest path with {@code append(entries)} replaced. */
    private static ActivityIngest forwarding(ActivityIngest ingest,
            java.util.function.Function<List<? extends JsonNode>, IngestResult> append) {
        return (ActivityIngest) Proxy.newProxyInstance(ActivityIngest.class.getClassLoader(),
                new Class<?>[] {ActivityIngest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("append") && args.length == 1) {
                        @SuppressWarnings("unchecked")
                        List<? extends JsonNode> entries = (List<? extends JsonNode>) args[0];
                        return append.apply(entries);
                    }
                    try {
                        return method.invoke(ingest, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
