package dev.tanken.kafka;

import dev.tanken.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the ingest topic is: {@code kafka://host:port[,host:port...][?topic=T&group=G]}.
 *
 * @param bootstrapServers the brokers to ask for the cluster's metadata, as {@code host:port}
 * @param topic the topic other applications write their entries to
 * @param group the consumer group the workers share (each partition is read by one worker at a time)
 * @param clientProperties further kafka-clients consumer settings (TLS, SASL, timeouts); never the
 *     ones the worker's delivery guarantee rests on (see {@link #RESERVED_PROPERTIES})
 */
public record KafkaIngestConfig(List<String> bootstrapServers, String topic, String group,
        Map<String, String> clientProperties) {
    /** The topic when the URL names none. */
    public static final String DEFAULT_TOPIC = "tanken.ingest";
    /** The consumer group when the URL names none. */
    public static final String DEFAULT_GROUP = "tanken-activity-writers";
    /**
     * Consumer settings the worker owns: offsets are committed by the worker after the database
     * commit, a poll never returns more than one batch, and records are read as bytes.
     */
    public static final Set<String> RESERVED_PROPERTIES = Set.of("bootstrap.servers", "group.id",
            "enable.auto.commit", "max.poll.records", "key.deserializer", "value.deserializer", "isolation.level",
            "auto.commit.interval.ms");

    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):(\\d{1,5})");

    public KafkaIngestConfig {
        if (bootstrapServers == null || bootstrapServers.isEmpty()) {
            throw new InvalidInputException("a Kafka URL names at least one broker (kafka://host:port)");
        }
        bootstrapServers = List.copyOf(bootstrapServers);
        for (String server : bootstrapServers) {
            var m = server == null ? null : HOST_PORT.matcher(server);
            if (m == null || !m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                throw new InvalidInputException("a Kafka broker is host:port with a port from 1 to 65535, got '"
                        + server + "'");
            }
        }
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new InvalidInputException("a Kafka topic is 1 to 249 letters, digits, '.', '_' or '-', got '"
                    + topic + "'");
        }
        if (group == null || !GROUP.matcher(group).matches()) {
            throw new InvalidInputException("a Kafka consumer group is 1 to 255 letters, digits, '.', '_' or '-', got '"
                    + group + "'");
        }
        clientProperties = Map.copyOf(clientProperties == null ? Map.of() : clientProperties);
        for (String name : clientProperties.keySet()) {
            if (RESERVED_PROPERTIES.contains(name)) {
                throw new InvalidInputException("the Kafka client setting '" + name + "' is the ingest worker's own"
                        + " and cannot be changed");
            }
        }
    }

    /** The default topic and group on the given brokers. */
    public static KafkaIngestConfig of(String... bootstrapServers) {
        return new KafkaIngestConfig(List.of(bootstrapServers), DEFAULT_TOPIC, DEFAULT_GROUP, Map.of());
    }

    /**
     * Reads {@code kafka://host:port[,host:port...][?topic=T&group=G]}.
     *
     * @throws InvalidInputException naming what is wrong with the URL
     */
    public static KafkaIngestConfig parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("Kafka URL must not be empty (kafka://host:port?topic=T&group=G)");
        }
        String text = url.strip();
        if (!text.startsWith("kafka://")) {
            throw new InvalidInputException("Kafka URL must start with kafka://, got '" + text + "'");
        }
        String rest = text.substring("kafka://".length());
        int q = rest.indexOf('?');
        String authority = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        if (authority.contains("/") || authority.contains("@")) {
            throw new InvalidInputException("Kafka URL is kafka://host:port[,host:port][?topic=T&group=G], got '"
                    + text + "'");
        }
        List<String> servers = new ArrayList<>();
        for (String server : authority.split(",", -1)) {
            if (server.isEmpty()) {
                throw new InvalidInputException("Kafka URL has an empty broker in '" + text + "'");
            }
            servers.add(server);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidInputException("Kafka URL parameter must be name=value, got '" + pair + "'");
                }
                String name = decode(pair.substring(0, eq), text);
                if (!name.equals("topic") && !name.equals("group")) {
                    throw new InvalidInputException("unknown Kafka URL parameter '" + name + "' (known: topic, group)");
                }
                if (params.put(name, decode(pair.substring(eq + 1), text)) != null) {
                    throw new InvalidInputException("Kafka URL parameter '" + name + "' is given twice");
                }
            }
        }
        return new KafkaIngestConfig(servers, params.getOrDefault("topic", DEFAULT_TOPIC),
                params.getOrDefault("group", DEFAULT_GROUP), Map.of());
    }

    /** The same brokers, topic and group, with further client settings. */
    public KafkaIngestConfig withClientProperties(Map<String, String> properties) {
        return new KafkaIngestConfig(bootstrapServers, topic, group, properties);
    }

    /** The URL form, without client settings (which may hold secrets). */
    public String url() {
        return "kafka://" + String.join(",", bootstrapServers) + "?topic=" + topic + "&group=" + group;
    }

    @Override
    public String toString() {
        return url();
    }

    private static String decode(String s, String url) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("malformed Kafka URL '" + url + "': " + e.getMessage());
        }
    }
}
