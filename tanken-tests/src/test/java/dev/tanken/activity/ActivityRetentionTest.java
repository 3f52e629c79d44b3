package dev.tanken.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.IngestResult.Status;
import dev.tanken.activity.internal.JdbcActivityMaintenance;
import dev.tanken.activity.internal.Uuid7;
import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.db.DatabaseService;
import dev.tanken.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Retention per application, archives and imports, on each database backend. */
@ParameterizedClass(name = "[{index}] {0}")
@EnumSource(TestDatabase.Kind.class)
class ActivityRetentionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    private TestDatabase database;
    private DatabaseService db;
    private ActivityLog log;
    private ActivityMaintenance maintenance;
    private FileSystemBlobStore blobs;
    /** The first instant a 400-day retention keeps, for a run now. */
    private Instant cutoff;

    @BeforeEach
    void open() {
        database = TestDatabase.of(kind, dir);
        db = database.open();
        log = db.activityLog();
        maintenance = log.maintenance();
        blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        cutoff = JdbcActivityMaintenance.cutoff(Instant.now(), 400);
        log.ingest().addApp("billing");
        log.ingest().addApp("audit");
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

    private static ObjectNode entry(String id, String app, String actor, Instant at) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id);
        e.put("occurredAt", at.toString());
        e.put("app", app);
        e.put("actor", actor);
        e.put("action", "invoice.paid");
        e.put("subjectType", "invoice");
        e.put("subjectId", "inv-" + id);
        e.putObject("payload").put("amount", 12.5);
        return e;
    }

    private Status send(String id, String app, String actor, Instant at) {
        return log.ingest().append(List.of(entry(id, app, actor, at))).outcomes().get(0).status();
    }

    private Optional<ActivityEntry> byActor(String actor) {
        List<ActivityEntry> found = log.search(ActivityQuery.newestFirst(10).withActor(actor)).items();
        assertThat(found.size()).as(actor).isLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    @Test
    void retentionRemovesExactlyTheExpiredMonthsOfTheAppAndKeepsOtherAppsAndTankensOwn() {
        Instant lastExpired = cutoff.minusSeconds(1);
        Instant ancient = Instant.parse("2001-05-03T10:00:00Z");
        assertThat(send("b-old", "billing", "b-old", ancient)).isEqualTo(Status.STORED);
        assertThat(send("b-last", "billing", "b-last", lastExpired)).isEqualTo(Status.STORED);
        assertThat(send("b-kept", "billing", "b-kept", cutoff)).isEqualTo(Status.STORED);
        assertThat(send("a-old", "audit", "a-old", ancient)).isEqualTo(Status.STORED);
        assertThat(send("a-last", "audit", "a-last", lastExpired)).isEqualTo(Status.STORED);
        ActivityEntry own = new ActivityEntry(Uuid7.at(ancient), ancient, "t-old", "post.like", "post", "p1",
                (Payload) null);
        assertThat(log.append(own)).isTrue();
        maintenance.setRetention(new RetentionPolicy("billing", 400, false));
        assertThat(maintenance.retention("billing").keepText()).isEqualTo("400d");
        assertThat(maintenance.retention("audit").keepDays()).isNull();
        ActivityEntry expectedLast = byActor("b-last").orElseThrow();

        List<String> told = new ArrayList<>();
        MaintenanceReport report = maintenance.maintain(MaintenanceOptions.of(null, false)
                .withListener((app, last) -> told.add(app + " " + last.id())));

        assertThat(report.entriesRemoved()).isEqualTo(2);
        assertThat(byActor("b-old")).isEmpty();
        assertThat(byActor("b-last")).isEmpty();
        assertThat(byActor("b-kept")).isPresent();
        assertThat(byActor("a-old")).isPresent();
        assertThat(byActor("a-last")).isPresent();
        assertThat(log.find(own.id())).contains(own);
        assertThat(told).containsExactly("billing " + expectedLast.id());
        assertThat(report.archived()).isEmpty();

        // A second run finds nothing more to do.
        MaintenanceReport again = maintenance.maintain(MaintenanceOptions.of(null, false));
        assertThat(again.entriesRemoved()).isZero();
        assertThat(again.partitionsDropped()).isEmpty();
    }

    @Test
    void theHashChainStillHoldsAfterRetentionDroppedTheOldestEntriesEvenOnesSealedLate() {
        ActivityChain chain = log.chain();
        Instant ancient = Instant.parse("2001-05-03T10:00:00Z");
        assertThat(send("b-1", "billing", "b-1", ancient)).isEqualTo(Status.STORED);
        assertThat(send("b-kept", "billing", "b-kept", cutoff.plusSeconds(60))).isEqualTo(Status.STORED);
        chain.seal();
        // Sent late with an old time: sealed after the kept entry, so its link is the chain's highest
        // among the dropped ones, not the link of the newest dropped entry.
        assertThat(send("b-late", "billing", "b-late", ancient.minusSeconds(3600))).isEqualTo(Status.STORED);
        assertThat(send("b-kept-2", "billing", "b-kept-2", cutoff.plusSeconds(120))).isEqualTo(Status.STORED);
        chain.seal();
        assertThat(chain.verify("billing", null, List.of()).holds()).isTrue();
        maintenance.setRetention(new RetentionPolicy("billing", 400, false));

        MaintenanceReport report = maintenance.maintain(MaintenanceOptions.of(null, false));

        assertThat(report.entriesRemoved()).isEqualTo(2);
        assertThat(byActor("b-late")).isEmpty();
        assertThat(byActor("b-kept-2")).isPresent();
        ChainVerification after = chain.verify(null, null, chain.heads(null));
        assertThat(after.breaks()).as("breaks after retention").isEmpty();
        assertThat(after.holds()).isTrue();
        assertThat(chain.anchors()).singleElement().satisfies(a -> {
            assertThat(a.app()).isEqualTo("billing");
            assertThat(a.seq()).isEqualTo(3); // b-1, b-kept, then b-late
        });
        // The anchor does not hide a deletion after it.
        chain.seal();
        assertThat(send("b-next", "billing", "b-next", cutoff.plusSeconds(180))).isEqualTo(Status.STORED);
        chain.seal();
        assertThat(chain.verify("billing", null, List.of()).holds()).isTrue();
    }

    @Test
    void tankensOwnEntriesGoOnlyWhenARetentionIsSetForThem() {
        Instant old = cutoff.minus(Duration.ofDays(40));
        ActivityEntry own = new ActivityEntry(Uuid7.at(old), old, "t-old", "post.like", "post", "p1", (Payload) null);
        log.append(own);
        assertThat(maintenance.maintain(MaintenanceOptions.of(null, false)).entriesRemoved()).isZero();
        maintenance.setRetention(new RetentionPolicy(ActivityEntry.TANKEN_APP, 400, false));
        List<String> told = new ArrayList<>();
        MaintenanceReport report = maintenance.maintain(MaintenanceOptions.of(null, false)
                .withListener((app, last) -> told.add(app + " " + last.id())));
        assertThat(report.entriesRemoved()).isEqualTo(1);
        assertThat(log.find(own.id())).isEmpty();
        assertThat(told).containsExactly("tanken " + own.id());
    }

    @Test
    void archivedEntriesAreWrittenFirstAndAnImportRestoresThemOnce() throws Exception {
        Instant m1 = Instant.parse("2003-02-10T08:00:00.123456Z");
        Instant m2 = Instant.parse("2003-03-01T00:00:00Z");
        send("x1", "billing", "x1", m1);
        send("x2", "billing", "x2", m1.plusSeconds(60));
        send("x3", "billing", "x3", m2);
        send("y1", "audit", "y1", m1);
        Instant own = Instant.parse("2003-02-11T00:00:00Z");
        log.append(new ActivityEntry(Uuid7.at(own), own, "t1", "post.like", "post", "p1", (Payload) null));
        maintenance.setRetention(new RetentionPolicy("billing", 400, true));
        ActivityEntry x1 = byActor("x1").orElseThrow();

        MaintenanceReport report = maintenance.maintain(MaintenanceOptions.of(blobs, false));

        assertThat(report.entriesRemoved()).isEqualTo(3);
        assertThat(report.archived()).extracting(a -> a.app() + " " + a.month() + " " + a.entries())
                .containsExactlyInAnyOrder("billing 2003-02 2", "billing 2003-03 1");
        assertThat(maintenance.archives()).hasSize(2);
        ActivityArchive feb = maintenance.archives().get(0);
        List<String> lines;
        try (InputStream in = new GZIPInputStream(blobs.open(feb.blobKey()).orElseThrow())) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("entryId").asText()).isEqualTo(x1.id().toString());
        assertThat(JSON.readTree(lines.get(0)).get("id").asText()).isEqualTo("x1");
        assertThat(JSON.readTree(lines.get(0)).get("occurredAt").asText()).isEqualTo("2003-02-10T08:00:00.123456Z");
        assertThat(byActor("x1")).isEmpty();
        assertThat(byActor("y1")).isPresent();
        assertThat(byActor("t1")).isPresent();

        // The archive's blob is referenced: garbage collection keeps it.
        assertThat(db.referencedBlobKeys(List.of(feb.blobKey()))).containsExactly(feb.blobKey());

        ImportResult first;
        try (InputStream in = blobs.open(feb.blobKey()).orElseThrow()) {
            first = maintenance.importArchive(in);
        }
        assertThat(first).isEqualTo(new ImportResult(2, 0));
        assertThat(byActor("x1")).contains(x1);
        ImportResult second;
        try (InputStream in = blobs.open(feb.blobKey()).orElseThrow()) {
            second = maintenance.importArchive(in);
        }
        assertThat(second).isEqualTo(new ImportResult(0, 2));
        // The application's id came back with the entry: sending it again is still a duplicate.
        assertThat(send("x1", "billing", "x1", m1)).isEqualTo(Status.DUPLICATE);
        assertThat(log.search(ActivityQuery.newestFirst(10).withActor("x1")).items()).hasSize(1);
    }

    @Test
    void anExpiredMonthArchivedTwiceKeepsEveryEntryInOneArchive() throws Exception {
        Instant m = Instant.parse("2004-06-10T00:00:00Z");
        maintenance.setRetention(new RetentionPolicy("billing", 400, true));
        send("late-1", "billing", "late-1", m);
        maintenance.maintain(MaintenanceOptions.of(blobs, false));
        // An entry of that month arrives late, and the next run archives it too.
        send("late-2", "billing", "late-2", m.plusSeconds(5));
        MaintenanceReport report = maintenance.maintain(MaintenanceOptions.of(blobs, false));
        assertThat(report.entriesRemoved()).isEqualTo(1);
        assertThat(maintenance.archives()).singleElement().satisfies(a -> assertThat(a.entries()).isEqualTo(2));
        try (InputStream in = blobs.open(maintenance.archives().get(0).blobKey()).orElseThrow()) {
            assertThat(maintenance.importArchive(in)).isEqualTo(new ImportResult(2, 0));
        }
    }

    @Test
    void archivingWithoutABlobStoreIsRefusedAndRemovesNothing() {
        send("z1", "billing", "z1", Instant.parse("2005-01-01T00:00:00Z"));
        maintenance.setRetention(new RetentionPolicy("billing", 30, false));
        assertThatThrownBy(() -> maintenance.maintain(MaintenanceOptions.of(null, true)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs a blob store");
        assertThat(byActor("z1")).isPresent();
    }

    @Test
    void aBadArchiveLineStopsTheImportBeforeAnythingIsStored() {
        Instant t = Instant.parse("2006-01-01T00:00:00Z");
        String good = "{\"entryId\":\"" + Uuid7.at(t) + "\",\"id\":\"g1\",\"occurredAt\":\"" + t + "\",\"app\":\"billing\","
                + "\"actor\":\"g1\",\"action\":\"invoice.paid\",\"subjectType\":\"invoice\",\"subjectId\":\"i\","
                + "\"payload\":{}}";
        String text = good + "\n{\"entryId\":\"nope\"}\n";
        assertThatThrownBy(() -> maintenance.importArchive(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("archive line 2:");
        String notJson = good + "\nnot json\n";
        assertThatThrownBy(() -> maintenance.importArchive(new ByteArrayInputStream(notJson.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("archive line 2 is not valid JSON (");
        assertThat(byActor("g1")).isEmpty();
        assertThat(maintenance.importArchive(new ByteArrayInputStream(good.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new ImportResult(1, 0));
        assertThat(byActor("g1")).isPresent();
    }

    @Test
    void retentionValuesAreCheckedAndNamed() {
        assertThat(RetentionPolicy.parseKeepDays("400d")).isEqualTo(400);
        assertThat(RetentionPolicy.parseKeepDays("forever")).isNull();
        for (String bad : List.of("", "400", "-1d", "0d", "36501d", "1y", "400 d", "FOREVER")) {
            assertThatThrownBy(() -> RetentionPolicy.parseKeepDays(bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'" + bad + "'");
        }
        maintenance.setRetention(new RetentionPolicy("audit", 10, true));
        maintenance.setRetention(new RetentionPolicy("audit", null, false));
        assertThat(maintenance.retentions()).containsExactly(new RetentionPolicy("audit", null, false));
        assertThat(maintenance.retentions().stream().map(RetentionPolicy::app).collect(Collectors.toList()))
                .containsExactly("audit");
    }
}
