package dev.tanken.activity;

import static dev.tanken.activity.PayloadCondition.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.ConflictException;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.internal.Uuid7;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ActivityLog} must have, run against each real backend. Subclasses
 * supply a fresh, empty database per test.
 */
public abstract class ActivityLogContract {
    protected static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private final Random random = new Random(7);

    protected DatabaseService db;
    protected ActivityLog log;

    /** A new service over an empty database, used by exactly one test. */
    protected abstract DatabaseService newService();

    @BeforeEach
    void open() {
        db = newService();
        log = db.activityLog();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    // ---- helpers

    protected ActivityEntry entry(int secondsAfterT0, String actor, String action, String subjectId, String payload) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        return new ActivityEntry(Uuid7.at(at.toEpochMilli(), random), at, actor, action, "post", subjectId,
                ActivityEntry.parsePayload(payload));
    }

    /** An entry of another application, with names only other applications use. */
    protected ActivityEntry appEntry(int secondsAfterT0, String app, String actor, String action, String subjectId) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        return new ActivityEntry(Uuid7.at(at.toEpochMilli(), random), at, actor, action, "invoice", subjectId,
                ActivityEntry.parsePayload("{\"amount\":12.5}"), app);
    }

    /** The order every search returns: time, then id as unsigned bytes, descending. */
    protected static final Comparator<ActivityEntry> NEWEST_FIRST = Comparator
            .comparing(ActivityEntry::occurredAt)
            .thenComparing(ActivityEntry::id, (a, b) -> {
                int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
            })
            .reversed();

    private List<UUID> ids(ActivityQuery q) {
        return all(q).stream().map(ActivityEntry::id).toList();
    }

    /** Every page of the query, followed cursor by cursor. */
    protected List<ActivityEntry> all(ActivityQuery q) {
        List<ActivityEntry> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<ActivityEntry> page = log.search(q.after(cursor));
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    private static List<UUID> idsOf(ActivityEntry... entries) {
        return java.util.Arrays.stream(entries).map(ActivityEntry::id).toList();
    }

    private List<UUID> matching(PayloadCondition condition) {
        return ids(ActivityQuery.newestFirst(100).where(condition));
    }

    // ---- writing

    @Test
    void appendedEntryRoundTripsEveryField() {
        Payload payload = ActivityEntry.parsePayload("""
                {"caption":"富士山 🗻 \\"quoted\\" \\\\ back","n":42,"big":12345678901234,"f":1.25,"t":true,
                 "nil":null,"tags":["a","b"],"nested":{"deep":{"x":[1,{"y":"z"}]}}}""");
        ActivityEntry e = new ActivityEntry(Uuid7.at(T0), Instant.parse("2025-03-01T09:00:00.123456Z"), "aiko",
                "post.create", "post", UUID.randomUUID().toString(), payload);
        assertThat(log.append(e)).isTrue();
        ActivityEntry back = log.find(e.id()).orElseThrow();
        // Equal as JSON; PostgreSQL's jsonb may reorder members.
        assertThat(back).isEqualTo(e);
        assertThat(log.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void appendingIsIdempotentById() {
        ActivityEntry a = entry(1, "aiko", "post.like", "p1", "{}");
        ActivityEntry b = entry(2, "ben", "post.like", "p1", "{}");
        assertThat(log.append(a)).isTrue();
        assertThat(log.append(a)).isFalse();
        // A redelivered batch: a is stored already, b appears twice in it.
        assertThat(log.appendAll(List.of(a, b, b))).isEqualTo(1);
        assertThat(log.count()).isEqualTo(2);
        assertThat(log.appendAll(List.of())).isZero();
    }

    @Test
    void loadStoresManyAndRefusesAnIdThatIsAlreadyStored() {
        List<ActivityEntry> entries = IntStream.range(0, 2500)
                .mapToObj(i -> entry(i, "u" + (i % 7), "post.like", "p" + (i % 13), "{\"i\":" + i + ",\"s\":\"a\\\\b\\tc\"}"))
                .toList();
        assertThat(log.load(entries.iterator(), 1000)).isEqualTo(2500);
        assertThat(log.count()).isEqualTo(2500);
        assertThat(log.find(entries.get(1234).id())).contains(entries.get(1234));
        assertThatThrownBy(() -> log.load(List.of(entries.get(0)).iterator(), 10))
                .isInstanceOf(ConflictException.class);
        assertThat(log.count()).isEqualTo(2500);
    }

    // ---- searching

    @Test
    void searchIsNewestFirstAndPagesWithoutRepeatsOrGaps() {
        List<ActivityEntry> entries = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // Pairs of entries share a timestamp: the id must break the tie, consistently.
            entries.add(entry(i / 2, "aiko", "post.like", "p" + i, "{}"));
        }
        log.appendAll(entries);
        List<ActivityEntry> expected = entries.stream().sorted(NEWEST_FIRST).toList();
        Page<ActivityEntry> first = log.search(ActivityQuery.newestFirst(5));
        assertThat(first.items()).containsExactlyElementsOf(expected.subList(0, 5));
        assertThat(first.nextCursor()).isNotNull();
        assertThat(all(ActivityQuery.newestFirst(5))).containsExactlyElementsOf(expected);
        assertThat(all(ActivityQuery.newestFirst(23))).containsExactlyElementsOf(expected);
        assertThat(log.search(ActivityQuery.newestFirst(23)).nextCursor()).isNull();
        assertThat(log.search(ActivityQuery.newestFirst(0)).items()).isEmpty();
    }

    @Test
    void filtersByActorActionSubjectAndTimeRange() {
        ActivityEntry a = entry(0, "aiko", "post.like", "p1", "{}");
        ActivityEntry b = entry(10, "ben", "post.like", "p1", "{}");
        ActivityEntry c = entry(20, "aiko", "post.bookmark", "p2", "{}");
        ActivityEntry d = new ActivityEntry(Uuid7.at(T0.plusSeconds(30)), T0.plusSeconds(30), "aiko",
                "comment.create", "comment", "p1", Payload.EMPTY);
        log.appendAll(List.of(a, b, c, d));
        ActivityQuery q = ActivityQuery.newestFirst(2);
        assertThat(ids(q.withActor("aiko"))).isEqualTo(idsOf(d, c, a));
        assertThat(ids(q.withAction("post.like"))).isEqualTo(idsOf(b, a));
        assertThat(ids(q.withSubject(null, "p1"))).isEqualTo(idsOf(d, b, a));
        assertThat(ids(q.withSubject("post", "p1"))).isEqualTo(idsOf(b, a));
        assertThat(ids(q.withActor("aiko").withAction("post.like"))).isEqualTo(idsOf(a));
        // since is inclusive, until exclusive.
        assertThat(ids(q.withSince(T0.plusSeconds(10)).withUntil(T0.plusSeconds(30)))).isEqualTo(idsOf(c, b));
        assertThat(ids(q.withSince(T0.plusSeconds(31)))).isEmpty();
        assertThat(ids(q.withActor("nobody"))).isEmpty();
    }

    @Test
    void filtersByAppAndTakesOtherAppsActorsAndActions() {
        ActivityEntry own = entry(0, "aiko", "post.like", "p1", "{}");
        ActivityEntry paid = appEntry(10, "billing", "Aiko Tanaka <aiko@example.com>", "invoice.paid", "inv-1");
        ActivityEntry refunded = appEntry(20, "billing", "svc:refund-worker", "invoice.refund.issued", "inv-1");
        ActivityEntry shipped = appEntry(30, "shop", "Aiko Tanaka <aiko@example.com>", "order.shipped", "o-9");
        ActivityEntry paid2 = appEntry(40, "billing", "svc:refund-worker", "invoice.paid", "inv-2");
        log.appendAll(List.of(own, paid, refunded, shipped, paid2));
        ActivityQuery q = ActivityQuery.newestFirst(2);
        assertThat(ids(q.withApp("billing"))).isEqualTo(idsOf(paid2, refunded, paid));
        assertThat(ids(q.withApp(ActivityEntry.TANKEN_APP))).isEqualTo(idsOf(own));
        assertThat(ids(q.withApp("nobody"))).isEmpty();
        assertThat(ids(q)).isEqualTo(idsOf(paid2, shipped, refunded, paid, own));
        assertThat(ids(q.withActor("Aiko Tanaka <aiko@example.com>"))).isEqualTo(idsOf(shipped, paid));
        assertThat(ids(q.withApp("billing").withActor("Aiko Tanaka <aiko@example.com>"))).isEqualTo(idsOf(paid));
        assertThat(ids(q.withAction("invoice.refund.issued"))).isEqualTo(idsOf(refunded));
        assertThat(ids(q.withApp("billing").withAction("invoice.paid").withSubject("invoice", "inv-2")))
                .isEqualTo(idsOf(paid2));
        assertThat(all(q.withApp("billing"))).allSatisfy(e -> assertThat(e.app()).isEqualTo("billing"));
    }

    @Test
    void aCursorStaysBoundToItsApp() {
        log.appendAll(List.of(appEntry(0, "billing", "a", "invoice.paid", "i1"),
                appEntry(1, "billing", "a", "invoice.paid", "i2"), appEntry(2, "shop", "a", "invoice.paid", "i3"),
                appEntry(3, "shop", "a", "invoice.paid", "i4")));
        String billingCursor = log.search(ActivityQuery.newestFirst(1).withApp("billing")).nextCursor();
        String everyAppCursor = log.search(ActivityQuery.newestFirst(1)).nextCursor();
        assertThat(billingCursor).isNotNull();
        assertThat(everyAppCursor).isNotNull();
        assertThat(log.search(ActivityQuery.newestFirst(5).withApp("billing").after(billingCursor)).items())
                .extracting(ActivityEntry::subjectId).containsExactly("i1");
        for (ActivityQuery other : List.of(ActivityQuery.newestFirst(5).withApp("shop").after(billingCursor),
                ActivityQuery.newestFirst(5).after(billingCursor),
                ActivityQuery.newestFirst(5).withApp("billing").after(everyAppCursor))) {
            assertThatThrownBy(() -> log.search(other)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("cursor belongs to a search with other filters");
        }
        assertThatThrownBy(() -> ActivityQuery.newestFirst(5).withApp("Not An App"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("app must be");
    }

    @Test
    void payloadEqualityComparesTypedScalars() {
        ActivityEntry text = entry(1, "a", "x.y", "s", "{\"v\":\"5\",\"flag\":{\"gid\":42}}");
        ActivityEntry integer = entry(2, "a", "x.y", "s", "{\"v\":5,\"flag\":{\"gid\":7}}");
        ActivityEntry decimal = entry(3, "a", "x.y", "s", "{\"v\":5.0}");
        ActivityEntry yes = entry(4, "a", "x.y", "s", "{\"v\":true}");
        ActivityEntry one = entry(5, "a", "x.y", "s", "{\"v\":1}");
        ActivityEntry nil = entry(6, "a", "x.y", "s", "{\"v\":null}");
        ActivityEntry array = entry(7, "a", "x.y", "s", "{\"v\":[5]}");
        ActivityEntry none = entry(8, "a", "x.y", "s", "{\"w\":5}");
        log.appendAll(List.of(text, integer, decimal, yes, one, nil, array, none));

        assertThat(matching(PayloadCondition.eq(List.of("v"), json("5")))).isEqualTo(idsOf(decimal, integer));
        assertThat(matching(PayloadCondition.eq(List.of("v"), json("\"5\"")))).isEqualTo(idsOf(text));
        assertThat(matching(PayloadCondition.eq(List.of("v"), json("true")))).isEqualTo(idsOf(yes));
        assertThat(matching(PayloadCondition.eq(List.of("v"), json("1")))).isEqualTo(idsOf(one));
        assertThat(matching(PayloadCondition.eq(List.of("v"), json("null")))).isEqualTo(idsOf(nil));
        assertThat(matching(PayloadCondition.eq(List.of("flag", "gid"), json("42")))).isEqualTo(idsOf(text));
        assertThat(matching(PayloadCondition.eq(List.of("flag", "nothing"), json("42")))).isEmpty();
    }

    @Test
    void notEqualInAndExists() {
        ActivityEntry android = entry(1, "a", "x.y", "s", "{\"client\":{\"app\":\"android\"}}");
        ActivityEntry ios = entry(2, "a", "x.y", "s", "{\"client\":{\"app\":\"ios\"}}");
        ActivityEntry web = entry(3, "a", "x.y", "s", "{\"client\":{\"app\":\"web\"}}");
        ActivityEntry nullApp = entry(4, "a", "x.y", "s", "{\"client\":{\"app\":null}}");
        ActivityEntry noApp = entry(5, "a", "x.y", "s", "{\"client\":{}}");
        ActivityEntry number = entry(6, "a", "x.y", "s", "{\"client\":{\"app\":3}}");
        log.appendAll(List.of(android, ios, web, nullApp, noApp, number));
        List<String> app = List.of("client", "app");

        // NE needs the field: entries without it do not match; other JSON types differ.
        assertThat(matching(PayloadCondition.ne(app, json("\"ios\"")))).isEqualTo(idsOf(number, nullApp, web, android));
        assertThat(matching(PayloadCondition.in(app, json("[\"web\",\"android\",3,\"none\"]"))))
                .isEqualTo(idsOf(number, web, android));
        assertThat(matching(PayloadCondition.in(app, json("[null]")))).isEqualTo(idsOf(nullApp));
        assertThat(matching(PayloadCondition.exists(app))).isEqualTo(idsOf(number, nullApp, web, ios, android));
        assertThat(matching(PayloadCondition.exists(List.of("client")))).hasSize(6);
        assertThat(matching(PayloadCondition.exists(List.of("missing")))).isEmpty();
    }

    @Test
    void greaterAndLessCompareNumbersAndStringsOfTheSameType() {
        ActivityEntry small = entry(1, "a", "x.y", "s", "{\"n\":2,\"t\":\"2025-01-01\"}");
        ActivityEntry mid = entry(2, "a", "x.y", "s", "{\"n\":10.5,\"t\":\"2025-06-01\"}");
        ActivityEntry big = entry(3, "a", "x.y", "s", "{\"n\":300,\"t\":\"2026-01-01\"}");
        ActivityEntry text = entry(4, "a", "x.y", "s", "{\"n\":\"999\",\"t\":5}");
        log.appendAll(List.of(small, mid, big, text));

        assertThat(matching(PayloadCondition.gt(List.of("n"), json("10")))).isEqualTo(idsOf(big, mid));
        assertThat(matching(PayloadCondition.lt(List.of("n"), json("10.5")))).isEqualTo(idsOf(small));
        assertThat(matching(PayloadCondition.gt(List.of("t"), json("\"2025-03\"")))).isEqualTo(idsOf(big, mid));
        assertThat(matching(PayloadCondition.lt(List.of("t"), json("\"2025-06-01\"")))).isEqualTo(idsOf(small));
        // Code point order: "Z" < "a" < "é".
        log.appendAll(List.of(entry(5, "a", "x.y", "s", "{\"w\":\"é\"}"), entry(6, "a", "x.y", "s", "{\"w\":\"Z\"}")));
        assertThat(matching(PayloadCondition.gt(List.of("w"), json("\"a\"")))).hasSize(1);
        assertThat(matching(PayloadCondition.lt(List.of("w"), json("\"a\"")))).hasSize(1);
    }

    @Test
    void pathSegmentsAreMemberNamesEvenWhenTheyLookLikeSyntax() {
        String[] hostile = {"a\"b", "x') OR 1=1 --", "$.y", "a.b", "q[0]", "k\\z", "*", "0", "' OR ''='", "\\u0022"};
        List<ActivityEntry> entries = new ArrayList<>();
        for (int i = 0; i < hostile.length; i++) {
            ObjectNode payload = ActivityEntry.newPayload();
            payload.put(hostile[i], "hit-" + i);
            // Decoys: what a mis-parsed path would reach instead.
            payload.putObject("a").put("b", "decoy").put("0", "decoy");
            payload.put("y", "decoy").put("b", "decoy").put("x", "decoy").put("q", "decoy");
            payload.putArray("arr").add("decoy");
            Instant at = T0.plusSeconds(i);
            entries.add(new ActivityEntry(Uuid7.at(at), at, "a", "x.y", "post", "s", payload));
        }
        log.appendAll(entries);
        for (int i = 0; i < hostile.length; i++) {
            List<String> path = List.of(hostile[i]);
            assertThat(matching(PayloadCondition.eq(path, json("\"hit-" + i + "\""))))
                    .as("segment %s", hostile[i]).containsExactly(entries.get(i).id());
            assertThat(matching(PayloadCondition.exists(path))).as("segment %s", hostile[i])
                    .containsExactly(entries.get(i).id());
            assertThat(matching(PayloadCondition.ne(path, json("\"other\"")))).containsExactly(entries.get(i).id());
        }
        // "0" under an array is not an index: segments only name members.
        assertThat(matching(PayloadCondition.exists(List.of("arr", "0")))).isEmpty();
        assertThat(matching(PayloadCondition.eq(List.of("a", "0"), json("\"decoy\"")))).hasSize(hostile.length);
        assertThat(matching(PayloadCondition.exists(List.of("a", "b", "c")))).isEmpty();
        assertThat(log.count()).isEqualTo(hostile.length);
    }

    @Test
    void conditionsCombineWithEachOtherAndWithColumnFilters() {
        List<ActivityEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(entry(i, i % 2 == 0 ? "aiko" : "ben", "post.like", "p" + (i % 3),
                    "{\"n\":" + i + ",\"client\":{\"app\":\"" + (i % 4 == 0 ? "ios" : "android") + "\"}}"));
        }
        log.appendAll(entries);
        ActivityQuery q = ActivityQuery.newestFirst(3).withActor("aiko")
                .where(PayloadCondition.eq(List.of("client", "app"), json("\"android\"")))
                .where(PayloadCondition.gt(List.of("n"), json("9")))
                .where(PayloadCondition.lt(List.of("n"), json("35")));
        List<ActivityEntry> expected = entries.stream()
                .filter(e -> e.actor().equals("aiko"))
                .filter(e -> e.payload().path("client").path("app").asText().equals("android"))
                .filter(e -> e.payload().get("n").asInt() > 9 && e.payload().get("n").asInt() < 35)
                .sorted(NEWEST_FIRST).toList();
        assertThat(expected).hasSize(7);
        assertThat(all(q)).containsExactlyElementsOf(expected);
    }

    @Test
    void badQueriesAreRejectedWithTheirReason() {
        assertThatThrownBy(() -> log.search(ActivityQuery.newestFirst(10).after("not-a-cursor")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> log.search(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> log.append(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> log.find(null)).isInstanceOf(InvalidInputException.class);
    }
}
