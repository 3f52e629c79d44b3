package dev.tanken.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.activity.IngestResult.Status;
import dev.tanken.activity.internal.Uuid7;
import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.db.DatabaseService;
import dev.tanken.postgres.internal.PostgresActivityPartitions;
import dev.tanken.postgres.internal.PostgresActivityRows;
import dev.tanken.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monthly partitions of the activity log on PostgreSQL, and retention dropping them whole. */
class PostgresActivityPartitionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private PostgresTestDatabase schema;
    private DatabaseService db;
    private ActivityLog log;

    @BeforeEach
    void open() {
        schema = PostgresTestDatabase.createMigrated();
        db = schema.open("maxPoolSize=4");
        log = db.activityLog();
        log.ingest().addApp("billing");
        log.ingest().addApp("audit");
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            schema.drop();
        }
    }

    private List<String> partitions() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = schema.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'activity_log'::regclass ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = schema.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Status send(String id, String app, Instant at) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id);
        e.put("occurredAt", at.toString());
        e.put("app", app);
        e.put("actor", id);
        e.put("action", "invoice.paid");
        e.put("subjectType", "invoice");
        e.put("subjectId", "inv-" + id);
        return log.ingest().append(List.of(e)).outcomes().get(0).status();
    }

    private List<ActivityEntry> byActor(String actor) {
        return log.search(ActivityQuery.newestFirst(10).withActor(actor)).items();
    }

    private static ActivityEntry own(String actor, Instant at) {
        return new ActivityEntry(Uuid7.at(at), at, actor, "post.like", "post", "p1", (Payload) null);
    }

    @Test
    void partitionsAreReadyAheadAtOpenAndTheMaintenanceRunAddsMore() throws SQLException {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        List<String> expected = new ArrayList<>();
        for (int k = 0; k <= MaintenanceOptions.DEFAULT_MONTHS_AHEAD; k++) {
            expected.add(PostgresActivityPartitions.name(now.plusMonths(k)));
        }
        assertThat(partitions()).containsAll(expected).contains(PostgresActivityPartitions.DEFAULT_PARTITION);

        MaintenanceReport report = log.maintenance().maintain(new MaintenanceOptions(null, false, 6,
                RetentionListener.NONE));
        assertThat(report.partitionsCreated()).containsExactly(PostgresActivityPartitions.name(now.plusMonths(4)),
                PostgresActivityPartitions.name(now.plusMonths(5)), PostgresActivityPartitions.name(now.plusMonths(6)));
        assertThat(partitions()).contains(PostgresActivityPartitions.name(now.plusMonths(6)));
    }

    @Test
    void anEntryFarInThePastGetsItsMonthsPartitionAndIsFound() throws SQLException {
        assertThat(send("far", "billing", Instant.parse("1971-03-04T05:06:07Z"))).isEqualTo(Status.STORED);
        ActivityEntry mine = own("far-own", Instant.parse("1972-01-31T23:59:59.999999Z"));
        assertThat(log.append(mine)).isTrue();

        assertThat(partitions()).contains("activity_log_p1971_03", "activity_log_p1972_01");
        assertThat(byActor("far")).hasSize(1);
        assertThat(log.find(byActor("far").get(0).id())).isPresent();
        assertThat(log.find(mine.id())).contains(mine);
        assertThat(count("SELECT count(*) FROM activity_log_p1971_03")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM activity_log_default")).isZero();
    }

    @Test
    void anEntryWrittenAloneIntoAMonthWithoutPartitionIsKeptByTheDefaultUntilMaintenanceMovesIt() throws Exception {
        // Tanken's own entries are written one at a time inside a change's transaction, which makes
        // no partitions: a month nobody prepared lands in the default partition.
        ActivityEntry lone = own("lone", Instant.parse("1980-07-01T00:00:00Z"));
        try (Connection c = schema.connect()) {
            PostgresActivityRows.insert(c, lone);
        }
        assertThat(count("SELECT count(*) FROM activity_log_default")).isEqualTo(1);
        assertThat(log.find(lone.id())).contains(lone);
        assertThat(byActor("lone")).containsExactly(lone);

        // A batch into that month makes its partition and takes the default's row over.
        assertThat(send("batch", "audit", Instant.parse("1980-07-15T00:00:00Z"))).isEqualTo(Status.STORED);
        assertThat(count("SELECT count(*) FROM activity_log_default")).isZero();
        assertThat(count("SELECT count(*) FROM activity_log_p1980_07")).isEqualTo(2);

        ActivityEntry another = own("another", Instant.parse("1981-01-01T00:00:00Z"));
        try (Connection c = schema.connect()) {
            PostgresActivityRows.insert(c, another);
        }
        MaintenanceReport report = log.maintenance().maintain(MaintenanceOptions.of(null, false));
        assertThat(report.partitionsCreated()).contains("activity_log_p1981_01");
        assertThat(count("SELECT count(*) FROM activity_log_default")).isZero();
        assertThat(log.find(another.id())).contains(another);
        assertThat(log.find(lone.id())).contains(lone);
    }

    @Test
    void anApplicationsIdIsStoredOnceAcrossMonths() throws SQLException {
        assertThat(send("k", "billing", Instant.parse("2020-01-10T00:00:00Z"))).isEqualTo(Status.STORED);
        assertThat(send("k", "billing", Instant.parse("2021-03-10T00:00:00Z"))).isEqualTo(Status.DUPLICATE);
        assertThat(send("k", "audit", Instant.parse("2021-03-10T00:00:00Z"))).isEqualTo(Status.STORED);
        assertThat(count("SELECT count(*) FROM activity_log WHERE source_id = 'k'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM activity_keys")).isEqualTo(2);
    }

    @Test
    void aMonthWhoseEntriesAllExpiredIsDroppedWholeAndOthersLoseOnlyTheExpiredAppsRows() throws SQLException {
        send("b1", "billing", Instant.parse("2010-01-05T00:00:00Z"));
        send("b2", "billing", Instant.parse("2010-01-25T00:00:00Z"));
        send("b3", "billing", Instant.parse("2010-02-05T00:00:00Z"));
        send("a1", "audit", Instant.parse("2010-02-06T00:00:00Z"));
        log.maintenance().setRetention(new RetentionPolicy("billing", 400, false));
        List<String> told = new ArrayList<>();
        ActivityEntry b3 = byActor("b3").get(0);

        MaintenanceReport report = log.maintenance().maintain(MaintenanceOptions.of(null, false)
                .withListener((app, last) -> told.add(app + " " + last.id())));

        assertThat(report.partitionsDropped()).containsExactly("activity_log_p2010_01");
        assertThat(report.entriesRemoved()).isEqualTo(3);
        assertThat(partitions()).doesNotContain("activity_log_p2010_01").contains("activity_log_p2010_02");
        assertThat(byActor("b1")).isEmpty();
        assertThat(byActor("b3")).isEmpty();
        assertThat(byActor("a1")).hasSize(1);
        assertThat(told).containsExactly("billing " + b3.id());
        assertThat(count("SELECT count(*) FROM activity_keys WHERE app = 'billing'")).isZero();
        assertThat(count("SELECT count(*) FROM activity_keys WHERE app = 'audit'")).isEqualTo(1);
    }

    @Test
    void aDroppedMonthIsArchivedFirstAndARunStoppedAfterTheDetachFinishesNextTime() throws Exception {
        FileSystemBlobStore blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        send("c1", "billing", Instant.parse("2011-05-05T00:00:00Z"));
        send("c2", "billing", Instant.parse("2011-05-06T00:00:00Z"));
        send("d1", "billing", Instant.parse("2012-03-06T00:00:00Z"));
        // A run that stopped between detaching March 2012 and dropping it left this behind.
        try (Connection c = schema.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE activity_log DETACH PARTITION activity_log_p2012_03");
            s.execute("ALTER TABLE activity_log_p2012_03 RENAME TO activity_log_detached_2012_03");
        }
        log.maintenance().setRetention(new RetentionPolicy("billing", 400, true));

        MaintenanceReport report = log.maintenance().maintain(MaintenanceOptions.of(blobs, false));

        assertThat(report.partitionsDropped()).containsExactly("activity_log_detached_2012_03", "activity_log_p2011_05");
        assertThat(report.entriesRemoved()).isEqualTo(3);
        assertThat(report.archived()).extracting(a -> a.month() + " " + a.entries())
                .containsExactlyInAnyOrder("2011-05 2", "2012-03 1");
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname LIKE 'activity_log_detached%'"
                + " AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())")).isZero();
        for (ActivityArchive a : log.maintenance().archives()) {
            try (var in = blobs.open(a.blobKey()).orElseThrow()) {
                log.maintenance().importArchive(in);
            }
        }
        assertThat(byActor("c1")).hasSize(1);
        assertThat(byActor("d1")).hasSize(1);
        assertThat(send("c2", "billing", Instant.parse("2011-05-06T00:00:00Z"))).isEqualTo(Status.DUPLICATE);
    }
}
