package dev.tanken.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kafka ingest URL: what it accepts, its defaults, and one clear refusal per mistake. */
class KafkaIngestConfigTest {
    @Test
    void readsBrokersTopicAndGroup() {
        KafkaIngestConfig c = KafkaIngestConfig.parse("kafka://b1:9092,b2.example.com:9093,[::1]:9094?topic=shop.events"
                + "&group=ingest_1");
        assertThat(c.bootstrapServers()).containsExactly("b1:9092", "b2.example.com:9093", "[::1]:9094");
        assertThat(c.topic()).isEqualTo("shop.events");
        assertThat(c.group()).isEqualTo("ingest_1");
        assertThat(c.url()).isEqualTo("kafka://b1:9092,b2.example.com:9093,[::1]:9094?topic=shop.events&group=ingest_1");
    }

    @Test
    void defaultsToTheIngestTopicAndGroup() {
        KafkaIngestConfig c = KafkaIngestConfig.parse(" kafka://127.0.0.1:9092/ ");
        assertThat(c.topic()).isEqualTo(KafkaIngestConfig.DEFAULT_TOPIC).isEqualTo("tanken.ingest");
        assertThat(c.group()).isEqualTo(KafkaIngestConfig.DEFAULT_GROUP);
        assertThat(c.clientProperties()).isEmpty();
        assertThat(KafkaIngestConfig.of("127.0.0.1:9092")).isEqualTo(c);
    }

    @Test
    void clientSettingsAreKeptButNeverTheWorkersOwnNorPrinted() {
        KafkaIngestConfig c = KafkaIngestConfig.parse("kafka://b:9092").withClientProperties(Map.of(
                "security.protocol", "SASL_SSL", "sasl.jaas.config", "secret"));
        assertThat(c.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.toString()).doesNotContain("secret");
        for (String reserved : List.of("enable.auto.commit", "group.id", "max.poll.records", "isolation.level",
                "bootstrap.servers", "value.deserializer")) {
            assertThatThrownBy(() -> c.withClientProperties(Map.of(reserved, "x")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'" + reserved + "'");
        }
    }

    @Test
    void eachMistakeIsNamed() {
        assertRefused(null, "must not be empty");
        assertRefused("  ", "must not be empty");
        assertRefused("redis://b:9092", "must start with kafka://");
        assertRefused("kafka://", "empty broker");
        assertRefused("kafka://b", "host:port");
        assertRefused("kafka://b:0", "port from 1 to 65535");
        assertRefused("kafka://b:70000", "port from 1 to 65535");
        assertRefused("kafka://b:9092,,c:9092", "empty broker");
        assertRefused("kafka://user@b:9092", "kafka://host:port");
        assertRefused("kafka://b:9092/path", "kafka://host:port");
        assertRefused("kafka://b:9092?topic=a%20b", "a Kafka topic");
        assertRefused("kafka://b:9092?topic=..", "a Kafka topic");
        assertRefused("kafka://b:9092?group=", "a Kafka consumer group");
        assertRefused("kafka://b:9092?topic=a&topic=b", "given twice");
        assertRefused("kafka://b:9092?timeout=5", "unknown Kafka URL parameter 'timeout'");
        assertRefused("kafka://b:9092?topic", "name=value");
        assertRefused("kafka://b:9092?topic=%zz", "malformed Kafka URL");
    }

    private static void assertRefused(String url, String says) {
        assertThatThrownBy(() -> KafkaIngestConfig.parse(url)).as(url).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(says).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
