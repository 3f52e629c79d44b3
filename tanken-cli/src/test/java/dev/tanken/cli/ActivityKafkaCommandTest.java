package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken activity kafka-worker} on an embedded home, against a real in-process KRaft broker. */
class ActivityKafkaCommandTest {
    private static EmbeddedKafka kafka;

    @TempDir
    Path home;

    @TempDir
    Path files;

    CliRunner cli;

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
        cli = new CliRunner(home);
    }

    private static String entry(String id, String payload) {
        return "{\"id\":\"" + id + "\",\"occurredAt\":\"2025-03-01T09:00:00Z\",\"app\":\"billing\",\"actor\":\"alice\","
                + "\"action\":\"invoice.paid\",\"subjectType\":\"invoice\",\"subjectId\":\"inv-1\",\"payload\":" + payload
                + "}";
    }

    private JsonNode json(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("--json");
        CliRunner.Result r = cli.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JsonLines.parse(r.out());
    }

    @Test
    void drainStoresTheTopicsEntriesOnceAndKeepsTheRefusedOnesAsDeadLetters() {
        json("activity", "app", "add", "billing");
        String topic = kafka.newTopic(2);
        kafka.send(topic, List.of(entry("inv-2025-1", "{\"amount\":5}"), entry("inv-2025-2", "{\"amount\":7}"),
                entry("inv-2025-1", "{\"amount\":5}"), "{\"app\":\"billing\",\"colour\":\"red\"}"));

        JsonNode drained = json("activity", "kafka-worker", "--kafka", kafka.url(topic), "--drain");

        assertThat(drained.get("stored").asInt()).isEqualTo(2);
        assertThat(drained.get("duplicate").asInt()).isEqualTo(1);
        assertThat(drained.get("rejected").asInt()).isEqualTo(1);
        assertThat(json("activity")).hasSize(2);
        assertThat(json("activity", "dead-letters").get(0).get("reason").asText()).contains("unknown field 'colour'");

        // The URL from the environment; the group's offsets were committed, so nothing is read twice.
        cli.env("TANKEN_KAFKA_URL", kafka.url(topic));
        CliRunner.Result again = cli.run("activity", "kafka-worker", "--drain");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("drained: 0 stored, 0 already stored, 0 refused");
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws IOException {
        assertBadInput(cli.run("activity", "kafka-worker", "--kafka", "http://127.0.0.1:9092", "--drain"),
                "must start with kafka://");
        assertBadInput(cli.run("activity", "kafka-worker", "--kafka", "kafka://127.0.0.1:9092?topic=a/b", "--drain"),
                "a Kafka topic is 1 to 249 letters");
        assertBadInput(cli.run("activity", "kafka-worker", "--kafka", "kafka://127.0.0.1?topic=t", "--drain"),
                "host:port");
        assertBadInput(cli.run("activity", "kafka-worker", "--kafka", "kafka://127.0.0.1:9092?partition=3", "--drain"),
                "unknown Kafka URL parameter 'partition'");
        assertBadInput(cli.withoutEnv("TANKEN_KAFKA_URL").run("activity", "kafka-worker", "--drain"),
                "--kafka URL or TANKEN_KAFKA_URL");
        assertBadInput(cli.run("activity", "kafka-worker", "--kafka", "kafka://127.0.0.1:9092", "--batch", "1001",
                "--drain"), "1 to 1000");
        Path reserved = Files.writeString(files.resolve("client.properties"), "enable.auto.commit=true\n");
        assertBadInput(cli.run("activity", "kafka-worker", "--kafka", "kafka://127.0.0.1:9092", "--client-config",
                reserved.toString(), "--drain"), "'enable.auto.commit' is the ingest worker's own");
        assertBadInput(cli.run("activity", "kafka-worker", "--kafka", "kafka://127.0.0.1:9092", "--client-config",
                files.resolve("missing.properties").toString(), "--drain"), "no such file");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitCode1() {
        CliRunner.Result r = cli.run("activity", "kafka-worker", "--kafka", "kafka://127.0.0.1:1", "--connect-timeout",
                "2s", "--drain");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err()).contains("cannot reach Kafka kafka://127.0.0.1:1").doesNotContain("Exception");
    }

    private static void assertBadInput(CliRunner.Result r, String says) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err()).as(r.toString()).contains(says).doesNotContain("Exception");
    }
}
