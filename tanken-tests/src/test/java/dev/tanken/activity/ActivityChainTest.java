package dev.tanken.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.UploadOptions;
import dev.tanken.model.Post;
import dev.tanken.testing.TestDatabase;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hash chains over the activity log on each database backend: a clean log holds, and an entry
 * edited, deleted or moved by SQL, or a tail cut off, is named by verify.
 */
@ParameterizedClass(name = "[{index}] {0}")
@EnumSource(TestDatabase.Kind.class)
class ActivityChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    private TestDatabase database;
    private Tanken tanken;
    private ActivityLog log;
    private ActivityChain chain;

    @BeforeEach
    void open() {
        database = TestDatabase.of(kind, dir.resolve("db"));
        tanken = Tanken.open(TankenConfig.embedded(dir.resolve("home")).withDatabaseUrl(database.url()));
        log = tanken.activity();
        chain = log.chain();
        log.ingest().addApp("billing");
    }

    @AfterEach
    void close() {
        if (tanken != null) {
            tanken.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static ObjectNode invoice(int i) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", "inv-" + i);
        e.put("occurredAt", "2025-03-01T09:00:00Z");
        e.put("app", "billing");
        e.put("actor", "alice");
        e.put("action", "invoice.paid");
        e.put("subjectType", "invoice");
        e.put("subjectId", "inv-" + i);
        ObjectNode payload = e.putObject("payload");
        payload.put("zeta", i);
        payload.put("amount", new java.math.BigDecimal("12.50"));
        payload.putObject("nested").put("b", "é\"x").put("a", List.of(1, 2).size());
        return e;
    }

    /** Sends invoices from..to-1 through the batch path. */
    private void ingest(int from, int to) {
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(invoice(i));
        }
        log.ingest().append(batch);
    }

    /** Tanken's own actions: users created, a post uploaded and liked. */
    private void act() {
        Post post = tanken.upload(TestPhotos.jpeg(35.68, 139.76, 1), UploadOptions.by("aiko")).post();
        tanken.like("ben", post.id());
    }

    private void sql(String statement) {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    /** The entry id at a position of a chain. */
    private String entryAt(String app, long seq) {
        try (Connection c = database.connect();
                PreparedStatement ps = c.prepareStatement("SELECT entry_id FROM activity_chain WHERE app = ? AND seq = ?")) {
            ps.setString(1, app);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("link %s of %s", seq, app).isTrue();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String query) {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    private ChainBreak onlyBreak(ChainVerification v) {
        assertThat(v.holds()).as("verification %s", v).isFalse();
        assertThat(v.breaks()).hasSize(1);
        return v.breaks().get(0);
    }

    @Test
    void aCleanLogOfTankensOwnAndIngestedEntriesHolds() {
        act();
        ingest(0, 10);
        assertThat(chain.pending()).isEqualTo(log.count());

        assertThat(chain.seal()).isEqualTo(log.count());

        assertThat(chain.pending()).isZero();
        ChainVerification v = chain.verify(null, null, List.of());
        assertThat(v.holds()).as("%s", v).isTrue();
        assertThat(v.chains()).isEqualTo(2);
        assertThat(v.links()).isEqualTo(log.count());
        long own = count("SELECT count(*) FROM activity_log WHERE app = 'tanken'");
        assertThat(own).isGreaterThanOrEqualTo(3);
        assertThat(chain.heads(null)).extracting(ChainLink::app, ChainLink::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("billing", 10L),
                        org.assertj.core.groups.Tuple.tuple("tanken", own));
        assertThat(chain.verify(null, null, chain.heads(null)).holds()).isTrue();
        assertThat(chain.seal()).isZero();
        // More entries extend the chains from their heads.
        ingest(10, 15);
        act();
        chain.seal();
        assertThat(chain.heads("billing")).containsExactly(chain.link("billing", 15).orElseThrow());
        assertThat(chain.verify(null, null, List.of()).holds()).isTrue();
    }

    @Test
    void anEntryEditedBySqlIsNamed() {
        ingest(0, 10);
        chain.seal();
        String id = entryAt("billing", 4);

        sql("UPDATE activity_log SET actor = 'mallory' WHERE id = '" + id + "'");

        ChainBreak b = onlyBreak(chain.verify(null, null, List.of()));
        assertThat(b.app()).isEqualTo("billing");
        assertThat(b.seq()).isEqualTo(4);
        assertThat(b.entryId()).hasToString(id);
        assertThat(b.problem()).contains("does not match its hash");
        assertThat(chain.verify("tanken", null, List.of()).holds()).isTrue();
    }

    @Test
    void anEntryWhoseTimeWasEditedIsNamed() {
        ingest(0, 10);
        chain.seal();
        String id = entryAt("billing", 6);

        sql("UPDATE activity_log SET occurred_at = occurred_at + " + (kind == TestDatabase.Kind.POSTGRES
                ? "interval '1 second'" : "1000000") + " WHERE id = '" + id + "'");

        ChainBreak b = onlyBreak(chain.verify(null, null, List.of()));
        assertThat(b.seq()).isEqualTo(6);
        assertThat(b.entryId()).hasToString(id);
        assertThat(b.problem()).contains("missing from the log (deleted, or its time changed)");
    }

    @Test
    void anEntryDeletedBySqlIsNamed() {
        ingest(0, 10);
        chain.seal();
        String id = entryAt("billing", 7);

        sql("DELETE FROM activity_log WHERE id = '" + id + "'");

        ChainBreak b = onlyBreak(chain.verify("billing", null, List.of()));
        assertThat(b.seq()).isEqualTo(7);
        assertThat(b.entryId()).hasToString(id);
        assertThat(b.problem()).contains("missing from the log");
    }

    @Test
    void anEntryDeletedWithItsLinkIsNamed() {
        ingest(0, 10);
        chain.seal();
        String id = entryAt("billing", 5);

        sql("DELETE FROM activity_log WHERE id = '" + id + "'");
        sql("DELETE FROM activity_chain WHERE app = 'billing' AND seq = 5");

        ChainBreak b = onlyBreak(chain.verify(null, null, List.of()));
        assertThat(b.seq()).isEqualTo(5);
        assertThat(b.problem()).contains("link 5 is missing");
    }

    @Test
    void twoEntriesSwappedInTheChainAreNamed() {
        ingest(0, 10);
        chain.seal();

        sql("UPDATE activity_chain SET seq = -1 WHERE app = 'billing' AND seq = 3");
        sql("UPDATE activity_chain SET seq = 3 WHERE app = 'billing' AND seq = 6");
        sql("UPDATE activity_chain SET seq = 6 WHERE app = 'billing' AND seq = -1");

        ChainBreak b = onlyBreak(chain.verify(null, null, List.of()));
        assertThat(b.seq()).isEqualTo(3);
        assertThat(b.problem()).contains("does not match its hash");
    }

    @Test
    void twoEntriesWhoseContentsWereSwappedAreNamed() {
        ingest(0, 10);
        chain.seal();
        String second = entryAt("billing", 2);
        String third = entryAt("billing", 3);

        // The rows trade their subjects, as if the order of two invoices had been changed.
        sql("UPDATE activity_log SET subject_id = 'tmp' WHERE id = '" + second + "'");
        sql("UPDATE activity_log SET subject_id = 'inv-1' WHERE id = '" + third + "'");
        sql("UPDATE activity_log SET subject_id = 'inv-2' WHERE id = '" + second + "'");

        ChainBreak b = onlyBreak(chain.verify(null, null, List.of()));
        assertThat(b.seq()).isEqualTo(2);
        assertThat(b.entryId()).hasToString(second);
    }

    @Test
    void aTruncatedTailIsFoundAgainstTheExportedHead() {
        act();
        ingest(0, 10);
        chain.seal();
        List<ChainLink> exported = chain.heads(null);

        sql("DELETE FROM activity_log WHERE id IN ('" + entryAt("billing", 9) + "', '" + entryAt("billing", 10) + "')");
        sql("DELETE FROM activity_chain WHERE app = 'billing' AND seq >= 9");

        // Without the exported head nothing shows: what is left is a consistent chain.
        assertThat(chain.verify(null, null, List.of()).holds()).isTrue();
        ChainBreak b = onlyBreak(chain.verify(null, null, exported));
        assertThat(b.app()).isEqualTo("billing");
        assertThat(b.problem()).contains("ends at seq 8").contains("exported head is at seq 10");
        // A whole chain removed is found too.
        sql("DELETE FROM activity_chain WHERE app = 'billing'");
        assertThat(onlyBreak(chain.verify(null, null, exported)).problem()).contains("ends at seq 0");
    }

    @Test
    void aRewrittenChainDiffersFromTheExportedHead() {
        ingest(0, 5);
        chain.seal();
        List<ChainLink> exported = chain.heads("billing");

        sql("UPDATE activity_chain SET hash = '" + "a".repeat(64) + "' WHERE app = 'billing' AND seq = 5");

        ChainBreak b = onlyBreak(chain.verify(null, null, exported));
        assertThat(b.seq()).isEqualTo(5);
    }

    @Test
    void verifyStartsFromTheAnchorRetentionRecorded() {
        ingest(0, 10);
        chain.seal();
        ChainLink anchor = chain.link("billing", 4).orElseThrow();
        List<String> dropped = List.of(entryAt("billing", 1), entryAt("billing", 2), entryAt("billing", 3),
                entryAt("billing", 4));

        sql("DELETE FROM activity_log WHERE id IN ('" + String.join("', '", dropped) + "')");
        assertThat(onlyBreak(chain.verify(null, null, List.of())).seq()).isEqualTo(1);

        chain.recordAnchor(anchor);
        assertThat(chain.anchors()).containsExactly(anchor);
        assertThat(chain.verify(null, null, List.of()).holds()).isTrue();
        sql("DELETE FROM activity_chain WHERE app = 'billing' AND seq <= 4");
        assertThat(chain.verify(null, null, List.of()).holds()).isTrue();
        // An older anchor never moves it back.
        chain.recordAnchor(new ChainLink("billing", 2, anchor.hash()));
        assertThat(chain.anchors()).containsExactly(anchor);
        // The chain goes on from its last link, and verify still holds.
        ingest(10, 12);
        chain.seal();
        assertThat(chain.heads("billing")).extracting(ChainLink::seq).containsExactly(12L);
        assertThat(chain.verify(null, null, List.of()).holds()).isTrue();
        // The anchor's hash is checked: a wrong one breaks the next link.
        sql("UPDATE activity_chain_anchors SET hash = '" + "b".repeat(64) + "'");
        assertThat(onlyBreak(chain.verify(null, null, List.of())).seq()).isEqualTo(5);
    }

    @Test
    void aChainWhoseLinksWereAllDroppedContinuesFromItsAnchor() {
        ingest(0, 3);
        chain.seal();
        ChainLink anchor = chain.heads("billing").get(0);
        chain.recordAnchor(anchor);
        sql("DELETE FROM activity_log WHERE app = 'billing'");
        sql("DELETE FROM activity_chain WHERE app = 'billing'");

        ingest(3, 5);
        chain.seal();

        assertThat(chain.heads("billing")).extracting(ChainLink::seq).containsExactly(5L);
        assertThat(chain.verify(null, null, List.of(anchor)).holds()).isTrue();
    }

    @Test
    void sinceChecksOnlyTheLinksSealedFromThen() throws Exception {
        ingest(0, 5);
        chain.seal();
        String early = entryAt("billing", 2);
        Instant between = Instant.now();
        // sealed_at is in microseconds: let the clock move past "between" before the next seal.
        while (!Instant.now().isAfter(between.plusMillis(1))) {
            Thread.onSpinWait();
        }
        ingest(5, 8);
        chain.seal();

        sql("UPDATE activity_log SET actor = 'mallory' WHERE id = '" + early + "'");

        assertThat(chain.verify(null, between, List.of()).holds()).isTrue();
        assertThat(chain.verify(null, between, List.of()).links()).isEqualTo(3);
        assertThat(onlyBreak(chain.verify(null, null, List.of())).seq()).isEqualTo(2);
        String late = entryAt("billing", 7);
        sql("UPDATE activity_log SET actor = 'mallory' WHERE id = '" + late + "'");
        assertThat(onlyBreak(chain.verify(null, between, List.of())).seq()).isEqualTo(7);
    }

    @Test
    void sealingUnderConcurrentWritersLeavesNoGap() throws Exception {
        int writers = 4;
        int batches = 15;
        int perBatch = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        int from = (writer * batches + b) * perBatch;
                        ingest(from, from + perBatch);
                        List<ActivityEntry> own = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            own.add(ActivityEntry.now("user" + writer, "post.like", "post", "p" + from + "-" + i,
                                    null));
                        }
                        log.appendAll(own);
                    }
                    return null;
                }));
            }
            List<Future<Long>> sealers = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                sealers.add(pool.submit(() -> {
                    long sealed = 0;
                    while (writing.get()) {
                        sealed += chain.seal();
                    }
                    return sealed;
                }));
            }
            for (Future<?> f : writes) {
                f.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            long sealedMeanwhile = 0;
            for (Future<Long> f : sealers) {
                sealedMeanwhile += f.get(120, TimeUnit.SECONDS);
            }
            long total = writers * batches * (perBatch + 5L);
            assertThat(sealedMeanwhile + chain.seal()).isEqualTo(total);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(chain.pending()).isZero();
        for (String app : List.of("billing", "tanken")) {
            long entries = count("SELECT count(*) FROM activity_log WHERE app = '" + app + "'");
            assertThat(count("SELECT count(*) FROM activity_chain WHERE app = '" + app + "'")).isEqualTo(entries);
            assertThat(count("SELECT max(seq) FROM activity_chain WHERE app = '" + app + "'")).isEqualTo(entries);
            assertThat(count("SELECT count(DISTINCT entry_id) FROM activity_chain WHERE app = '" + app + "'"))
                    .isEqualTo(entries);
        }
        assertThat(chain.verify(null, null, List.of()).holds()).isTrue();
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        assertThatThrownBy(() -> chain.verify("Not An App", null, List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("app must be");
        assertThatThrownBy(() -> new ChainLink("billing", 0, "a".repeat(64))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("seq starts at 1");
        assertThatThrownBy(() -> new ChainLink("billing", 1, "xyz")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("64 lower-case hex");
        assertThatThrownBy(() -> chain.recordAnchor(null)).isInstanceOf(InvalidInputException.class);
    }
}
