package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.db.DatabaseService;
import dev.tanken.kafka.EmbeddedKafka;
import dev.tanken.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Other applications produce entries to a topic on a real (in-process KRaft) broker; a Kafka ingest
 * worker JVM is killed with SIGKILL in the middle of a batch, before its transaction or after its
 * commit (its offsets never committed either way), then a new worker drains the topic in the same
 * consumer group: every valid entry is in the PostgreSQL log exactly once, and every invalid one is
 * exactly one dead letter.
 */
@Tag("slow")
class KafkaIngestCrashTest {
    private static final int ENTRIES = 600;
    private static final int BATCH = 100;
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    private TestDatabase database;
    private DatabaseService db;
    private String topic;
    private final Set<String> validIds = new HashSet<>();

    /** Every 50th entry, offset 7, breaks the envelope (its payload is an array). */
    private static boolean invalid(int i) {
        return i % 50 == 7;
    }

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
    void setUp() {
        database = TestDatabase.postgres();
        db = database.open();
        db.activityLog().ingest().addApp("orders");
        // One partition: the batches follow the topic's order, so the kill lands between known offsets.
        topic = kafka.newTopic(1);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            values.add("{\"id\":\"order-" + i + "\",\"occurredAt\":\"2025-03-01T09:00:00Z\",\"app\":\"orders\","
                    + "\"actor\":\"user" + (i % 10) + "\",\"action\":\"order.placed\",\"subjectType\":\"order\","
                    + "\"subjectId\":\"o-" + i + "\",\"payload\":" + (invalid(i) ? "[" + i + "]" : "{\"i\":" + i + "}")
                    + "}");
            if (!invalid(i)) {
                validIds.add("order-" + i);
            }
        }
        kafka.send(topic, values);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hang-after-commit:3", "hang-before-commit:3"})
    void aWorkerKilledMidBatchLosesNothingAndStoresNothingTwice(String mode) throws Exception {
        boolean committed = mode.startsWith("hang-after-commit");
        List<String> firstLines;
        try (KillableChild first = worker(mode, "first")) {
            awaitLine(first, "HANG");
            firstLines = first.kill(); // SIGKILL: no shutdown hook, no offset commit, no leaving the group
        }
        int storedBatches = (int) firstLines.stream().filter(l -> l.startsWith("BATCH ")).count();
        assertThat(storedBatches).isEqualTo(committed ? 3 : 2);
        long storedBefore = db.activityLog().count();
        assertThat(storedBefore).isPositive().isLessThan(validIds.size());
        // The hung batch's offsets were never committed: the group resumes at its first record.
        long resumeAt = kafka.committed("g-" + topic).values().iterator().next().offset();
        assertThat(resumeAt).isLessThan(ENTRIES);

        String done;
        try (KillableChild second = worker("drain", "second")) {
            done = awaitLine(second, "DONE");
        }
        long validAfterResume = validIds.stream().filter(id -> Integer.parseInt(id.substring(6)) >= resumeAt).count();
        long invalidAfterResume = (ENTRIES - resumeAt) - validAfterResume;
        long duplicates = validAfterResume - (validIds.size() - storedBefore);
        // After a commit, the re-read batch's valid entries were found stored; before one, none had been.
        if (committed) {
            assertThat(duplicates).isPositive();
        } else {
            assertThat(duplicates).isZero();
        }
        assertThat(done).isEqualTo("DONE stored=" + (validIds.size() - storedBefore) + " duplicates=" + duplicates
                + " rejected=" + invalidAfterResume);

        assertThat(db.activityLog().count()).isEqualTo(validIds.size());
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT source_id FROM activity_log WHERE app = 'orders'")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(validIds);
        }
        long invalidTotal = ENTRIES - validIds.size();
        assertThat(db.activityLog().ingest().deadLetters(1000)).hasSize((int) invalidTotal)
                .allSatisfy(d -> assertThat(d.reason()).contains("payload must be a JSON object"));
        assertThat(kafka.committed("g-" + topic).values().iterator().next().offset()).isEqualTo(ENTRIES);
    }

    private KillableChild worker(String mode, String name) throws Exception {
        return KillableChild.start(dir.resolve(name + ".out"), dir.resolve(name + ".err"),
                List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"), KafkaIngestCrashChild.class,
                List.of(kafka.url(topic), database.url(), String.valueOf(BATCH), mode));
    }

    /** Waits (up to 5 minutes: a loaded machine starts JVMs slowly) for the child's line starting with {@code prefix}. */
    private static String awaitLine(KillableChild child, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (String line : child.lines()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!child.isAlive()) {
                for (String line : child.lines()) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                throw new AssertionError("worker ended before reporting " + prefix + "; it said " + child.lines());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("worker did not report " + prefix + " within 5 minutes; it said " + child.lines());
    }
}
