package dev.tanken.activity;

import static dev.tanken.activity.PayloadCondition.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.PayloadCondition.Operation;
import dev.tanken.sqlite.internal.SqliteActivitySql;
import dev.tanken.activity.internal.Uuid7;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Validation of entries, conditions and queries: every bad value is refused with its reason. */
class ActivityValuesTest {
    private static final Instant T = Instant.parse("2025-03-01T09:00:00.1234567Z");

    @Test
    void conditionsParseFromTheirJsonForm() {
        PayloadCondition c = PayloadCondition.fromJson("{\"operation\":\"eq\",\"path\":[\"flag\",\"gid\"],\"value\":42}");
        assertThat(c.operation()).isEqualTo(Operation.EQ);
        assertThat(c.path()).containsExactly("flag", "gid");
        assertThat(c.value()).isEqualTo(json("42"));
        assertThat(PayloadCondition.fromJson(c.toJson())).isEqualTo(c);
        assertThat(PayloadCondition.fromJson("{\"operation\":\"EXISTS\",\"path\":[\"a\"]}").value()).isNull();
    }

    @Test
    void invalidOperationsPathsAndValuesAreRefusedByName() {
        List<String> p = List.of("a");
        assertRefused(() -> PayloadCondition.fromJson("{\"operation\":\"LIKE\",\"path\":[\"a\"],\"value\":1}"),
                "unknown payload operation 'LIKE'");
        assertRefused(() -> new PayloadCondition(null, p, json("1")), "needs an operation");
        assertRefused(() -> PayloadCondition.eq(List.of(), json("1")), "path of 1 to 16");
        assertRefused(() -> PayloadCondition.eq(null, json("1")), "path of 1 to 16");
        assertRefused(() -> PayloadCondition.eq(Collections.nCopies(17, "a"), json("1")), "17 segments");
        assertRefused(() -> PayloadCondition.eq(List.of("a", ""), json("1")), "must not be empty");
        assertRefused(() -> PayloadCondition.eq(Arrays.asList("a", null), json("1")), "must not be empty");
        assertRefused(() -> PayloadCondition.eq(List.of("a\nb"), json("1")), "control characters");
        assertRefused(() -> PayloadCondition.eq(List.of("x".repeat(129)), json("1")), "longer than 128");
        assertRefused(() -> PayloadCondition.eq(List.of("\ud800"), json("1")), "lone surrogate");
        assertRefused(() -> PayloadCondition.eq(p, null), "needs a value");
        assertRefused(() -> PayloadCondition.eq(p, json("{\"b\":1}")), "JSON scalars");
        assertRefused(() -> PayloadCondition.ne(p, json("[1]")), "JSON scalars");
        assertRefused(() -> PayloadCondition.in(p, json("1")), "array of 1 to 100");
        assertRefused(() -> PayloadCondition.in(p, json("[]")), "array of 1 to 100");
        assertRefused(() -> PayloadCondition.in(p, json("[[1]]")), "JSON scalars");
        assertRefused(() -> new PayloadCondition(Operation.EXISTS, p, json("1")), "takes no value");
        assertRefused(() -> PayloadCondition.gt(p, json("true")), "number or a string");
        assertRefused(() -> PayloadCondition.lt(p, json("null")), "number or a string");
        assertRefused(() -> PayloadCondition.fromJson("{\"operation\":\"EQ\",\"path\":\"a.b\",\"value\":1}"),
                "array of member names");
        assertRefused(() -> PayloadCondition.fromJson("{\"operation\":\"EQ\",\"path\":[1],\"value\":1}"),
                "must be strings");
        assertRefused(() -> PayloadCondition.fromJson("{\"operation\":\"EQ\",\"path\":[\"a\"],\"valeu\":1}"),
                "unknown member 'valeu'");
        assertRefused(() -> PayloadCondition.fromJson("{\"operation\":"), "not valid JSON");
        assertRefused(() -> json("1 2"), "text after");
    }

    @Test
    void sqlitePathsQuoteEverySegment() {
        assertThat(SqliteActivitySql.jsonPath(List.of("flag", "gid"))).isEqualTo("$.\"flag\".\"gid\"");
        assertThat(SqliteActivitySql.jsonPath(List.of("a\"b", "c\\d", "$.y[0]")))
                .isEqualTo("$.\"a\\u0022b\".\"c\\u005cd\".\"$.y[0]\"");
    }

    @Test
    void entriesAreValidatedAndNormalised() {
        ActivityEntry e = new ActivityEntry(Uuid7.at(T), T, "aiko", "post.like", "post", "p1", (Payload) null);
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2025-03-01T09:00:00.123456Z"));
        assertThat(e.payloadJson()).isEqualTo("{}");
        // The payload is copied in and out: the entry cannot be changed from outside.
        var payload = ActivityEntry.newPayload().put("x", 1);
        ActivityEntry withPayload = new ActivityEntry(Uuid7.at(T), T, "aiko", "post.like", "post", "p1", payload);
        payload.put("x", 2);
        withPayload.payload().toObjectNode().put("x", 3);
        assertThat(withPayload.payloadJson()).isEqualTo("{\"x\":1}");
        assertThat(withPayload.payload()).isEqualTo(ActivityEntry.parsePayload("{\"x\":1}"));
        assertThat(withPayload.payload().at("/x").map(n -> n.asInt())).contains(1);
        assertThat(withPayload.payload().at("/y")).isEmpty();

        assertRefused(() -> new ActivityEntry(UUID.randomUUID(), T, "a", "post.like", "post", "p", (Payload) null), "UUIDv7");
        assertRefused(() -> new ActivityEntry(Uuid7.at(T), null, "a", "post.like", "post", "p", (Payload) null), "occurredAt");
        assertRefused(() -> new ActivityEntry(Uuid7.at(T), Instant.parse("1969-12-31T23:59:59Z"), "a", "post.like",
                "post", "p", (Payload) null), "between");
        assertRefused(() -> new ActivityEntry(Uuid7.at(T), T, "", "post.like", "post", "p", (Payload) null), "actor");
        assertRefused(() -> new ActivityEntry(Uuid7.at(T), T, "a\tb", "post.like", "post", "p", (Payload) null), "control");
        assertRefused(() -> new ActivityEntry(Uuid7.at(T), T, "a", "Post Like", "post", "p", (Payload) null), "action");
        assertRefused(() -> new ActivityEntry(Uuid7.at(T), T, "a", "post.like", "Post", "p", (Payload) null), "subject type");
        assertRefused(() -> new ActivityEntry(Uuid7.at(T), T, "a", "post.like", "post", "x".repeat(129), (Payload) null),
                "subject id");
        assertRefused(() -> ActivityEntry.parsePayload("[1]"), "JSON object");
        assertRefused(() -> ActivityEntry.parsePayload("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}"), "JSON");
    }

    @Test
    void queriesAreValidated() {
        ActivityQuery q = ActivityQuery.newestFirst(10);
        assertRefused(() -> q.withLimit(1001), "limit");
        assertRefused(() -> q.withLimit(-1), "limit");
        assertRefused(() -> q.withSince(T).withUntil(T), "must be before");
        assertRefused(() -> q.after("bogus"), "cursor");
        assertRefused(() -> q.withAction("LIKE!"), "action");
        assertRefused(() -> q.where(null), "must not be null");
        ActivityQuery many = q;
        for (int i = 0; i < ActivityQuery.MAX_CONDITIONS; i++) {
            many = many.where(PayloadCondition.exists(List.of("a")));
        }
        ActivityQuery full = many;
        assertRefused(() -> full.where(PayloadCondition.exists(List.of("a"))), "at most 16");
    }

    private static void assertRefused(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
    }
}
