package dev.tanken.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one node that is both controller and broker) in the test JVM, from
 * Kafka's own test kit: no Docker, a few seconds to start. Start one per test class and give each
 * test a topic of its own ({@link #newTopic}).
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    public static EmbeddedKafka start() {
        KafkaClusterTestKit cluster = null;
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    // A group's first member is assigned its partitions at once, not after 3 s.
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e, e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** A topic no other test uses, with {@code partitions} partitions. */
    public String newTopic(int partitions) {
        String name = "tanken-test-" + UUID.randomUUID();
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            // Created is not yet led: a producer that sends to a partition still electing its leader
            // gets NOT_LEADER_OR_FOLLOWER, and its idempotent retries can then stall until they time out.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!led(name, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + name + " has partitions without a leader after 60 s");
                }
                Thread.sleep(20);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
        }
        return name;
    }

    private boolean led(String topic, int partitions) throws Exception {
        TopicDescription d;
        try {
            d = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                // Created, but the broker's metadata does not show it yet (seen on a loaded machine): ask again.
                return false;
            }
            throw e;
        }
        return d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null
                && !p.leader().isEmpty());
    }

    /** The ingest URL of a topic with a consumer group of its own. */
    public String url(String topic) {
        return "kafka://" + bootstrapServers() + "?topic=" + topic + "&group=g-" + topic;
    }

    /** Sends records and waits until the broker has them all; a null value is sent as a tombstone. */
    public void send(String topic, List<String> values) {
        sendBytes(topic, values.stream().map(v -> v == null ? null : v.getBytes(StandardCharsets.UTF_8)).toList());
    }

    public void sendBytes(String topic, List<byte[]> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(900 * 1024));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (byte[] v : values) {
                sent.add(producer.send(new ProducerRecord<>(topic, v)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("sending to topic " + topic + " failed: " + e, e);
        }
    }

    /** Moves a consumer group (with no member left) back to the beginning of the topic: everything is delivered again. */
    public void rewindGroup(String group, String topic, int partitions) {
        try {
            Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
            for (int i = 0; i < partitions; i++) {
                earliest.put(new TopicPartition(topic, i), OffsetSpec.earliest());
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
            admin.listOffsets(earliest).all().get(60, TimeUnit.SECONDS)
                    .forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot rewind group " + group + ": " + e, e);
        }
    }

    /** The group's committed offsets on the topic, by partition. */
    public Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            admin.close();
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not stop cleanly: " + e, e);
        }
    }
}
