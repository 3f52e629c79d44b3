package dev.tanken.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.ConflictException;
import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.activity.IngestResult.Outcome;
import dev.tanken.activity.IngestResult.Status;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Page;
import dev.tanken.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The ingest path (envelope, idempotency, apps and keys, contracts, dead letters) on each database backend. */
@ParameterizedClass(name = "[{index}] {0}")
@EnumSource(TestDatabase.Kind.class)
class ActivityIngestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T = "2025-03-01T09:00:00Z";

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    private TestDatabase database;
    private DatabaseService db;
    private ActivityIngest ingest;

    @BeforeEach
    void open() {
        database = TestDatabase.of(kind, dir);
        db = database.open();
        ingest = db.activityLog().ingest();
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

    private static ObjectNode entry(String id, String app, String action, String payload) {
        try {
            ObjectNode e = JSON.createObjectNode();
            if (id != null) {
                e.put("id", id);
            }
            e.put("occurredAt", T);
            if (app != null) {
                e.put("app", app);
            }
            e.put("actor", "alice");
            e.put("action", action);
            e.put("subjectType", "invoice");
            e.put("subjectId", "inv-7");
            e.set("payload", JSON.readTree(payload));
            return e;
        } catch (Exception ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    private static ObjectNode entry(String id, String payload) {
        return entry(id, "billing", "invoice.paid", payload);
    }

    private List<ActivityEntry> stored(String app) {
        Page<ActivityEntry> page = db.activityLog().search(ActivityQuery.newestFirst(500));
        return page.items().stream().filter(e -> e.app().equals(app)).toList();
    }

    private static List<Status> statuses(IngestResult r) {
        return r.outcomes().stream().map(Outcome::status).toList();
    }

    // ---- step 1: one idempotent batch path

    @Test
    void storesValidEntriesWithTheirApp() {
        ingest.addApp("billing");
        IngestResult r = ingest.append(List.of(entry("e1", "{\"amount\":12.5,\"currency\":\"EUR\"}"),
                entry("e2", "{\"amount\":3}")));

        assertThat(statuses(r)).containsExactly(Status.STORED, Status.STORED);
        assertThat(r.outcomes()).extracting(Outcome::id).containsExactly("e1", "e2");
        List<ActivityEntry> found = stored("billing");
        assertThat(found).hasSize(2);
        ActivityEntry e = found.stream().filter(x -> x.payload().get("amount").asDouble() == 12.5).findFirst()
                .orElseThrow();
        assertThat(e.occurredAt()).isEqualTo(Instant.parse(T));
        assertThat(e.actor()).isEqualTo("alice");
        assertThat(e.action()).isEqualTo("invoice.paid");
        assertThat(e.subjectType()).isEqualTo("invoice");
        assertThat(e.subjectId()).isEqualTo("inv-7");
        assertThat(db.activityLog().find(e.id())).contains(e);
    }

    @Test
    void aBatchDeliveredTwiceIsStoredOnce() {
        ingest.addApp("billing");
        List<ObjectNode> batch = List.of(entry("e1", "{\"n\":1}"), entry("e2", "{\"n\":2}"));
        assertThat(statuses(ingest.append(batch))).containsExactly(Status.STORED, Status.STORED);

        IngestResult again = ingest.append(batch);

        assertThat(statuses(again)).containsExactly(Status.DUPLICATE, Status.DUPLICATE);
        assertThat(db.activityLog().count()).isEqualTo(2);
    }

    @Test
    void anIdRepeatedWithinABatchIsStoredOnce() {
        ingest.addApp("billing");
        IngestResult r = ingest.append(List.of(entry("e1", "{\"n\":1}"), entry("e1", "{\"n\":1}")));

        assertThat(statuses(r)).containsExactly(Status.STORED, Status.DUPLICATE);
        assertThat(db.activityLog().count()).isEqualTo(1);
    }

    @Test
    void theSameIdFromTwoAppsIsTwoEntries() {
        ingest.addApp("billing");
        ingest.addApp("shop");
        IngestResult r = ingest.append(List.of(entry("e1", "billing", "invoice.paid", "{}"),
                entry("e1", "shop", "invoice.paid", "{}")));

        assertThat(statuses(r)).containsExactly(Status.STORED, Status.STORED);
        assertThat(db.activityLog().count()).isEqualTo(2);
    }

    @Test
    void anEntryWithoutIdIsKnownByItsContent() {
        ingest.addApp("billing");
        ObjectNode a = entry(null, "{\"x\":1,\"y\":{\"b\":2,\"a\":1}}");
        ObjectNode sameOtherOrder = entry(null, "{\"y\":{\"a\":1,\"b\":2},\"x\":1}");
        ObjectNode different = entry(null, "{\"x\":2}");

        IngestResult r = ingest.append(List.of(a, sameOtherOrder, different));

        assertThat(statuses(r)).containsExactly(Status.STORED, Status.DUPLICATE, Status.STORED);
        assertThat(r.outcomes().get(0).id()).startsWith("sha256:").isEqualTo(r.outcomes().get(1).id());
        assertThat(statuses(ingest.append(List.of(a)))).containsExactly(Status.DUPLICATE);
        assertThat(db.activityLog().count()).isEqualTo(2);
    }

    @Test
    void invalidEntriesAreRejectedWithTheirReasonAndDoNotBlockTheValidOnes() throws Exception {
        ingest.addApp("billing");
        ObjectNode unknownField = entry("u", "{}");
        unknownField.put("colour", "red");
        ObjectNode future = entry("f", "{}");
        future.put("occurredAt", "2999-01-01T00:00:00Z");
        ObjectNode badTime = entry("t", "{}");
        badTime.put("occurredAt", "yesterday");
        ObjectNode noActor = entry("a", "{}");
        noActor.remove("actor");
        ObjectNode numericActor = entry("n", "{}");
        numericActor.put("actor", 42);
        ObjectNode badAction = entry("b", "billing", "Invoice Paid", "{}");
        ObjectNode big = entry("big", "{}");
        big.putObject("payload").put("blob", "x".repeat(70_000));
        List<JsonNode> batch = List.of(entry("ok1", "{}"), JSON.readTree("[1,2]"), entry("p", "[1]"), unknownField,
                future, badTime, noActor, numericActor, entry("z", "nobody", "invoice.paid", "{}"), badAction, big,
                entry("ok2", "{}"));

        IngestResult r = ingest.append(batch);

        assertThat(statuses(r)).containsExactly(Status.STORED, Status.REJECTED, Status.REJECTED, Status.REJECTED,
                Status.REJECTED, Status.REJECTED, Status.REJECTED, Status.REJECTED, Status.REJECTED,
                Status.REJECTED, Status.REJECTED, Status.STORED);
        List<String> reasons = r.outcomes().stream().map(Outcome::reason).toList();
        assertThat(reasons.get(1)).contains("must be a JSON object, got array");
        assertThat(reasons.get(2)).contains("payload must be a JSON object, got array");
        assertThat(reasons.get(3)).contains("unknown field 'colour'");
        assertThat(reasons.get(4)).contains("occurredAt 2999-01-01T00:00:00Z lies more than 5 minutes after");
        assertThat(reasons.get(5)).contains("occurredAt must be an RFC 3339 time").contains("yesterday");
        assertThat(reasons.get(6)).isEqualTo("actor is missing");
        assertThat(reasons.get(7)).isEqualTo("actor must be a string, got number");
        assertThat(reasons.get(8)).contains("app 'nobody' is not registered");
        assertThat(reasons.get(9)).contains("action must be a dotted lower-case name");
        assertThat(reasons.get(10)).contains("larger than");
        assertThat(stored("billing")).hasSize(2);

        List<ActivityDeadLetter> dead = ingest.deadLetters(100);
        assertThat(dead).hasSize(10);
        assertThat(dead).extracting(ActivityDeadLetter::reason).containsExactlyInAnyOrderElementsOf(
                reasons.stream().filter(x -> x != null).toList());
        ActivityDeadLetter unknown = dead.stream().filter(d -> d.reason().contains("colour")).findFirst().orElseThrow();
        assertThat(unknown.app()).isEqualTo("billing");
        assertThat(unknown.action()).isEqualTo("invoice.paid");
        assertThat(JSON.readTree(unknown.entry())).isEqualTo(unknownField);
        assertThat(r.outcomes().get(3).deadLetterId()).isEqualTo(unknown.id());
    }

    @Test
    void aPayloadGivenAsTextIsRefusedNamingTheForm() {
        ingest.addApp("billing");
        ObjectNode text = entry("t1", "{}");
        text.put("payload", "{\"amount\": 3");

        IngestResult r = ingest.append(List.of(text));

        assertThat(r.outcomes().get(0).reason()).contains("payload must be a JSON object, got a string")
                .contains("JSON text of an object");
    }

    @Test
    void aRejectedEntryDeliveredTwiceIsOneDeadLetter() {
        ingest.addApp("billing");
        ObjectNode bad = entry("p", "[1]");
        ingest.append(List.of(bad));
        ingest.append(List.of(bad));

        assertThat(ingest.deadLetters(100)).hasSize(1);
    }

    @Test
    void batchesMustHoldOneToAThousandEntries() {
        ingest.addApp("billing");
        assertThatThrownBy(() -> ingest.append(List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least one entry");
        List<ObjectNode> tooMany = IntStream.range(0, ActivityIngest.MAX_BATCH + 1)
                .mapToObj(i -> entry("e" + i, "{}")).toList();
        assertThatThrownBy(() -> ingest.append(tooMany)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 1000 entries, got 1001");
        assertThat(db.activityLog().count()).isZero();
        assertThat(statuses(ingest.append(tooMany.subList(0, 1000)))).containsOnly(Status.STORED);
        assertThat(db.activityLog().count()).isEqualTo(1000);
    }

    @Test
    void withAKeyTheAppMayBeLeftOutButNotContradicted() {
        ingest.addApp("billing");
        ingest.addApp("shop");
        IngestResult r = ingest.append("billing", List.of(entry("e1", null, "invoice.paid", "{}"),
                entry("e2", "shop", "invoice.paid", "{}"), entry("e3", "billing", "invoice.paid", "{}")));

        assertThat(statuses(r)).containsExactly(Status.STORED, Status.REJECTED, Status.STORED);
        assertThat(r.outcomes().get(1).reason()).contains("app 'shop' is not the application of the key ('billing')");
        assertThat(stored("billing")).hasSize(2);
        assertThat(stored("shop")).isEmpty();
        assertThat(ingest.deadLetters(10)).singleElement().satisfies(d -> assertThat(d.app()).isEqualTo("billing"));
    }

    @Test
    void tankensOwnEntriesAreOfAppTanken() {
        ActivityEntry own = ActivityEntry.now("bob", "post.like", "post", "p1", null);
        db.activityLog().append(own);

        assertThat(db.activityLog().find(own.id()).orElseThrow().app()).isEqualTo(ActivityEntry.TANKEN_APP);
    }

    // ---- step 2: apps and keys

    @Test
    void anAppsKeyIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        NewIngestApp added = ingest.addApp("billing");

        assertThat(added.key()).startsWith("tka_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(ingest.authenticate(added.key())).contains("billing");
        assertThat(ingest.authenticate(added.key() + "x")).isEmpty();
        assertThat(ingest.authenticate("tka_" + "A".repeat(43))).isEmpty();
        assertThat(ingest.authenticate("")).isEmpty();
        assertThat(ingest.authenticate(null)).isEmpty();
        assertThat(ingest.apps()).extracting(IngestApp::name).containsExactly("billing");
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, key_hash FROM activity_apps")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).hasSize(64).doesNotContain(added.key().substring(4));
        }
    }

    @Test
    void eachAppHasItsOwnKey() {
        NewIngestApp billing = ingest.addApp("billing");
        NewIngestApp shop = ingest.addApp("shop");

        assertThat(billing.key()).isNotEqualTo(shop.key());
        assertThat(ingest.authenticate(shop.key())).contains("shop");
        assertThat(ingest.apps()).extracting(IngestApp::name).containsExactly("billing", "shop");
    }

    @Test
    void appNamesAreUniqueValidAndNotTanken() {
        ingest.addApp("billing");
        assertThatThrownBy(() -> ingest.addApp("billing")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("'billing' is already registered");
        assertThatThrownBy(() -> ingest.addApp("tanken")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Tanken's own entries");
        assertThatThrownBy(() -> ingest.addApp("Bad Name")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("app must be 1 to 64 lower-case letters");
        assertThat(ingest.apps()).hasSize(1);
    }

    @Test
    void aRemovedAppsKeyNoLongerWorksAndItsEntriesAreRefused() {
        NewIngestApp added = ingest.addApp("billing");
        ingest.setSchema("billing", "invoice.paid", "{\"type\":\"object\"}");
        ingest.append(List.of(entry("e1", "{}")));

        assertThat(ingest.removeApp("billing")).isTrue();
        assertThat(ingest.removeApp("billing")).isFalse();

        assertThat(ingest.authenticate(added.key())).isEmpty();
        assertThat(ingest.schemas()).isEmpty();
        assertThat(statuses(ingest.append(List.of(entry("e2", "{}"))))).containsExactly(Status.REJECTED);
        assertThat(stored("billing")).hasSize(1);
    }

    // ---- step 3: contracts and dead letters

    private static final String AMOUNT_SCHEMA = """
            {"type":"object","required":["amount"],"properties":{"amount":{"type":"number","minimum":0}}}""";

    @Test
    void anEntryBreakingItsContractIsADeadLetterAndTheOthersAreStored() {
        ingest.addApp("billing");
        ingest.setSchema("billing", "invoice.paid", AMOUNT_SCHEMA);

        IngestResult r = ingest.append(List.of(entry("ok", "{\"amount\":3}"), entry("neg", "{\"amount\":-1}"),
                entry("none", "{}"), entry("other", "billing", "invoice.sent", "{}")));

        assertThat(statuses(r)).containsExactly(Status.STORED, Status.REJECTED, Status.REJECTED, Status.STORED);
        assertThat(r.outcomes().get(1).reason()).contains("contract of billing invoice.paid").contains("amount")
                .contains("minimum");
        assertThat(r.outcomes().get(2).reason()).contains("required").contains("amount");
        assertThat(ingest.schemas()).singleElement().satisfies(s -> {
            assertThat(s.app()).isEqualTo("billing");
            assertThat(s.action()).isEqualTo("invoice.paid");
        });
    }

    @Test
    void replayAfterAContractFixStoresTheDeadLettersOnce() {
        ingest.addApp("billing");
        ingest.setSchema("billing", "invoice.paid", AMOUNT_SCHEMA);
        ingest.append(List.of(entry("neg", "{\"amount\":-1}"), entry("p", "[1]")));
        assertThat(ingest.deadLetters(10)).hasSize(2);

        IngestResult stillBad = ingest.replay(null);
        assertThat(statuses(stillBad)).containsOnly(Status.REJECTED);
        assertThat(ingest.deadLetters(10)).hasSize(2);

        ingest.setSchema("billing", "invoice.paid", "{\"type\":\"object\",\"required\":[\"amount\"]}");
        IngestResult fixed = ingest.replay(null);

        assertThat(fixed.count(Status.STORED)).isEqualTo(1);
        assertThat(fixed.count(Status.REJECTED)).isEqualTo(1);
        assertThat(ingest.deadLetters(10)).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("payload must be a JSON object"));
        assertThat(stored("billing")).singleElement()
                .satisfies(e -> assertThat(e.payload().get("amount").asInt()).isEqualTo(-1));
        assertThat(statuses(ingest.append(List.of(entry("neg", "{\"amount\":-1}"))))).containsExactly(Status.DUPLICATE);
    }

    @Test
    void replayOfAnEntrySentWithAKeyKeepsItsApp() {
        ingest.addApp("billing");
        ingest.setSchema("billing", "invoice.paid", AMOUNT_SCHEMA);
        ingest.append("billing", List.of(entry("e1", null, "invoice.paid", "{}")));
        ingest.removeSchema("billing", "invoice.paid");

        IngestResult r = ingest.replay(null);

        assertThat(statuses(r)).containsExactly(Status.STORED);
        assertThat(stored("billing")).hasSize(1);
        assertThat(ingest.deadLetters(10)).isEmpty();
    }

    @Test
    void dropDeletesNamedDeadLettersOrAll() {
        ingest.addApp("billing");
        IngestResult r = ingest.append(List.of(entry("a", "[1]"), entry("b", "[2]"), entry("c", "[3]")));
        String first = r.outcomes().get(0).deadLetterId();

        assertThat(ingest.drop(List.of(first))).isEqualTo(1);
        assertThat(ingest.deadLetters(10)).hasSize(2).noneMatch(d -> d.id().equals(first));
        assertThatThrownBy(() -> ingest.drop(List.of(first))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ingest.drop(List.of("nonsense"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("32 hex digits");
        assertThat(ingest.drop(Collections.emptyList())).isEqualTo(2);
        assertThat(ingest.deadLetters(10)).isEmpty();
    }

    @Test
    void anInvalidSchemaIsRefusedAndAnUnknownAppIsNotFound() {
        ingest.addApp("billing");
        assertThatThrownBy(() -> ingest.setSchema("billing", "invoice.paid", "{\"type\":\"banana\"}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a valid JSON Schema");
        assertThatThrownBy(() -> ingest.setSchema("billing", "invoice.paid", "{nope"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ingest.setSchema("billing", "invoice.paid",
                "{\"$ref\":\"http://127.0.0.1:9/contract.json\"}"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ingest.setSchema("nobody", "invoice.paid", AMOUNT_SCHEMA))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no app named 'nobody'");
        assertThat(ingest.schemas()).isEmpty();
    }

    @Test
    void deadLettersComeOldestFirstUpToTheLimit() {
        ingest.addApp("billing");
        List<JsonNode> bad = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bad.add(entry("b" + i, "[" + i + "]"));
        }
        ingest.append(bad);

        assertThat(ingest.deadLetters(3)).hasSize(3);
        assertThat(ingest.deadLetters(0)).isEmpty();
    }
}
