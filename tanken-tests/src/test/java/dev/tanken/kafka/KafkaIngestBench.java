package dev.tanken.kafka;

import dev.tanken.activity.ActivityIngest;
import dev.tanken.db.DatabaseService;
import dev.tanken.testing.PostgresTestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries per second from a Kafka topic into PostgreSQL through {@link KafkaIngestWorker}, contracts
 * on (every entry's action has a JSON Schema). Not a test: run by hand (docs/benchmarks.md, "Kafka
 * ingest"). The broker is the in-process test broker, in the same JVM as the worker: it takes its
 * share of the CPU, so the figure is a lower bound for a worker beside a broker of its own.
 *
 * <p>Arguments: entries (default 200000), partitions (default 4), batch (default 1000).
 */
public final class KafkaIngestBench {
    private KafkaIngestBench() {
    }

    private static String entry(int i, String[] actions) {
        return "{\"id\":\"e-" + i + "\",\"occurredAt\":\"2025-0" + (1 + i % 9) + "-1" + (i % 10)
                + "T09:" + String.format("%02d", i % 60) + ":00Z\",\"app\":\"shop\",\"actor\":\"user-" + (i % 5000)
                + "\",\"action\":\"" + actions[i % 4] + "\",\"subjectType\":\"order\",\"subjectId\":\"o-"
                + (i / 3) + "\",\"payload\":{\"amount\":" + (i % 997) + ".25,\"currency\":\"EUR\",\"items\":[{\"sku\":"
                + "\"s-" + (i % 301) + "\",\"qty\":" + (1 + i % 4) + "}],\"client\":{\"app\":\""
                + (i % 3 == 0 ? "ios" : "android") + "\",\"version\":\"4." + (i % 12) + "\"}}}";
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        String[] actions = {"order.placed", "order.paid", "order.shipped", "invoice.sent"};
        PostgresTestDatabase schema = PostgresTestDatabase.createMigrated();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                DatabaseService db = dev.tanken.db.DatabaseServices.open(schema.urlWith("schema=" + schema.schema()
                        + "&maxPoolSize=4"))) {
            ActivityIngest ingest = db.activityLog().ingest();
            ingest.addApp("shop");
            for (String action : actions) {
                ingest.setSchema("shop", action, "{\"type\":\"object\",\"required\":[\"amount\",\"currency\",\"items\"],"
                        + "\"properties\":{\"amount\":{\"type\":\"number\",\"minimum\":0},\"currency\":{\"type\":\"string\","
                        + "\"pattern\":\"^[A-Z]{3}$\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
                        + "\"required\":[\"sku\",\"qty\"]}},\"client\":{\"type\":\"object\"}}}");
            }
            String topic = kafka.newTopic(partitions);
            long t0 = System.nanoTime();
            List<String> chunk = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                chunk.add(entry(i, actions));
                if (chunk.size() == 10_000) {
                    kafka.send(topic, chunk);
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                kafka.send(topic, chunk);
            }
            System.out.printf("produced %d entries to %d partitions in %.1f s%n", entries, partitions,
                    (System.nanoTime() - t0) / 1e9);
            // The batch path alone on entries of the same shape (another app, so none is a duplicate):
            // what the worker would reach if reading from Kafka cost nothing.
            ingest.addApp("direct");
            for (String action : actions) {
                ingest.setSchema("direct", action, ingest.schemas().get(0).schema());
            }
            int directEntries = Math.min(entries, 50_000);
            List<com.fasterxml.jackson.databind.JsonNode> nodes = new ArrayList<>();
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            long directStart = System.nanoTime();
            for (int i = 0; i < directEntries; i++) {
                nodes.add(mapper.readTree(entry(i, actions).replace("\"app\":\"shop\"", "\"app\":\"direct\"")));
                if (nodes.size() == batch) {
                    ingest.append(nodes);
                    nodes.clear();
                }
            }
            if (!nodes.isEmpty()) {
                ingest.append(nodes);
            }
            double directSeconds = (System.nanoTime() - directStart) / 1e9;
            System.out.printf("batch path alone: %d entries in %.1f s: %.0f entries/s%n", directEntries, directSeconds,
                    directEntries / directSeconds);
            KafkaIngestWorker.Options options = KafkaIngestWorker.Options.defaults().withBatchSize(batch)
                    .withPollTimeout(Duration.ofMillis(200)).withConnectTimeout(Duration.ofSeconds(120));
            long start = System.nanoTime();
            KafkaIngestWorker.Stats stats;
            try (KafkaIngestWorker worker = KafkaIngestWorker.open(KafkaIngestConfig.parse(kafka.url(topic)), ingest,
                    options)) {
                stats = worker.drain();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("drained: %d stored, %d duplicates, %d rejected in %.1f s: %.0f entries/s (log count %d)%n",
                    stats.stored(), stats.duplicates(), stats.rejected(), seconds, stats.stored() / seconds,
                    db.activityLog().count());
        } finally {
            schema.drop();
        }
    }
}
