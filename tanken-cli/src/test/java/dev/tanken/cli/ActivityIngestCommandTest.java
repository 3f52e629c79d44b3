package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/** {@code tanken activity app|schema|append|dead-letters} on an embedded home. */
class ActivityIngestCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path files;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private JsonNode json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        return JsonLines.parse(ok(all.toArray(String[]::new)).out());
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(files.resolve(name), text);
    }

    private static String line(String id, String amount) {
        return "{\"id\":\"" + id + "\",\"occurredAt\":\"2025-03-01T09:00:00Z\",\"app\":\"billing\",\"actor\":\"alice\","
                + "\"action\":\"invoice.paid\",\"subjectType\":\"invoice\",\"subjectId\":\"inv-1\","
                + "\"payload\":{\"amount\":" + amount + "}}";
    }

    @Test
    void addPrintsTheKeyOnceAndListShowsTheApp() {
        JsonNode added = json("activity", "app", "add", "billing");
        assertThat(added.get("name").asText()).isEqualTo("billing");
        assertThat(added.get("key").asText()).startsWith("tka_");
        assertThat(added.get("createdAt").asText()).isNotEmpty();

        JsonNode list = json("activity", "app", "list");
        assertThat(list).hasSize(1);
        assertThat(UploadCommandTest.fieldNames(list.get(0))).containsExactly("name", "createdAt");
        assertThat(ok("activity", "app", "list").out()).contains("billing").doesNotContain(added.get("key").asText());

        CliRunner.Result again = cli.run("activity", "app", "add", "billing");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("'billing' is already registered");
        assertThat(cli.run("activity", "app", "add", "Bad Name").exitCode()).isEqualTo(2);
    }

    @Test
    void removeForgetsTheAppAndAnUnknownNameIsBadInput() {
        ok("activity", "app", "add", "billing");
        assertThat(ok("activity", "app", "remove", "billing").out()).contains("removed app billing");
        assertThat(json("activity", "app", "list")).isEmpty();
        CliRunner.Result r = cli.run("activity", "app", "remove", "billing");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("no app named 'billing'").doesNotContain("Exception");
    }

    @Test
    void appendStoresOnceAndRefusedEntriesBecomeDeadLettersThatReplayAfterASchemaFix() throws IOException {
        ok("activity", "app", "add", "billing");
        Path strict = file("strict.json", "{\"type\":\"object\",\"properties\":{\"amount\":{\"minimum\":0}}}");
        ok("activity", "schema", "set", "billing", "invoice.paid", strict.toString());
        Path entries = file("entries.jsonl", line("a", "5") + "\n" + line("b", "-3") + "\nnot json\n\n"
                + line("a", "5") + "\n");

        CliRunner.Result first = cli.run("activity", "append", entries.toString(), "--json");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
        JsonNode summary = JsonLines.parse(first.out());
        assertThat(summary.get("stored").asInt()).isEqualTo(1);
        assertThat(summary.get("duplicate").asInt()).isEqualTo(1);
        assertThat(summary.get("rejected").asInt()).isEqualTo(2);
        assertThat(summary.get("rejections").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(summary.get("rejections").get(0).get("reason").asText()).contains("contract of billing invoice.paid");
        assertThat(summary.get("rejections").get(1).get("line").asInt()).isEqualTo(3);

        JsonNode dead = json("activity", "dead-letters");
        assertThat(dead).hasSize(2);
        assertThat(UploadCommandTest.fieldNames(dead.get(0))).containsExactly("id", "app", "action", "receivedAt",
                "reason", "entry");

        Path lenient = file("lenient.json", "{\"type\":\"object\"}");
        ok("activity", "schema", "set", "billing", "invoice.paid", lenient.toString());
        CliRunner.Result replay = cli.run("activity", "dead-letters", "replay", "--all", "--json");
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(1);
        JsonNode replayed = JsonLines.parse(replay.out());
        assertThat(replayed.get("stored").asInt()).isEqualTo(1);
        assertThat(replayed.get("rejected").asInt()).isEqualTo(1);

        JsonNode left = json("activity", "dead-letters");
        assertThat(left).singleElement().satisfies(d -> assertThat(d.get("app").isNull()).isTrue());
        JsonNode dropped = json("activity", "dead-letters", "drop", left.get(0).get("id").asText());
        assertThat(dropped.get("dropped").asInt()).isEqualTo(1);
        assertThat(json("activity", "dead-letters")).isEmpty();

        JsonNode log = json("activity");
        assertThat(log).hasSize(2);
        assertThat(log.get(0).get("app").asText()).isEqualTo("billing");
        CliRunner.Result again = cli.run("activity", "append", entries.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).contains("0 stored, 3 already stored, 1 refused");
    }

    @Test
    void theIngestWorkerDrainsTheStreamThroughTheSameChecks() {
        ok("activity", "app", "add", "billing");
        String redisUrl = dev.tanken.testing.TestServers.redisUrl();
        String key = "tanken-test:" + java.util.UUID.randomUUID() + ":ingest";
        try (UnifiedJedis jedis = RedisClient.create(java.net.URI.create(redisUrl))) {
            try {
                java.util.Map<String, String> good = new java.util.LinkedHashMap<>();
                good.put("id", "s1");
                good.put("occurredAt", "2025-03-01T09:00:00Z");
                good.put("app", "billing");
                good.put("actor", "alice");
                good.put("action", "invoice.paid");
                good.put("subjectType", "invoice");
                good.put("subjectId", "inv-1");
                good.put("payload", "{\"amount\":5}");
                java.util.Map<String, String> bad = new java.util.LinkedHashMap<>(good);
                bad.put("id", "s2");
                bad.put("colour", "red");
                jedis.xadd(key, StreamEntryID.NEW_ENTRY, good);
                jedis.xadd(key, StreamEntryID.NEW_ENTRY, bad);

                JsonNode drained = json("activity", "ingest-worker", "--redis", redisUrl, "--stream", key, "--drain",
                        "--consumer", "cli-test");

                assertThat(drained.get("stored").asInt()).isEqualTo(1);
                assertThat(drained.get("rejected").asInt()).isEqualTo(1);
                assertThat(jedis.xlen(key)).isZero();
                assertThat(json("activity").get(0).get("payload").get("amount").asInt()).isEqualTo(5);
                assertThat(json("activity", "dead-letters").get(0).get("reason").asText())
                        .contains("unknown field 'colour'");
            } finally {
                jedis.del(key);
            }
        }
        CliRunner.Result badUrl = cli.run("activity", "ingest-worker", "--redis", "http://nope", "--drain");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("redis://");
    }

    @Test
    void schemaMistakesAreBadInput() throws IOException {
        ok("activity", "app", "add", "billing");
        CliRunner.Result missing = cli.run("activity", "schema", "set", "billing", "invoice.paid",
                files.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        Path bad = file("bad.json", "{\"type\":\"banana\"}");
        CliRunner.Result invalid = cli.run("activity", "schema", "set", "billing", "invoice.paid", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("not a valid JSON Schema").doesNotContain("Exception");
        assertThat(json("activity", "schema", "list")).isEmpty();
        CliRunner.Result both = cli.run("activity", "dead-letters", "drop");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--all");
    }
}
