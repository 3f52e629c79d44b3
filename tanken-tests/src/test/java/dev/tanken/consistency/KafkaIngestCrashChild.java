package dev.tanken.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.IngestResult;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.kafka.KafkaIngestConfig;
import dev.tanken.kafka.KafkaIngestWorker;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Kafka ingest worker in a JVM of its own, for {@link KafkaIngestCrashTest}. Arguments:
 * kafka-url database-url batch-size mode, where mode is {@code drain} (handle what the topic holds,
 * then exit) or {@code hang-after-commit:N} / {@code hang-before-commit:N} (at the N-th batch, just
 * after its database commit or just before its transaction, report and wait forever, so that the
 * test can kill the JVM at exactly that point: its offsets not committed).
 *
 * <p>Reports on stdout: {@code BATCH n size}, {@code HANG}, {@code DONE stored=S duplicates=D rejected=R}.
 */
public final class KafkaIngestCrashChild {
    private KafkaIngestCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[3];
        int hangAt = mode.startsWith("hang") ? Integer.parseInt(mode.substring(mode.indexOf(':') + 1)) : -1;
        boolean afterCommit = mode.startsWith("hang-after-commit");
        // A killed worker's partitions go to the next one when its session expires: the broker's minimum.
        KafkaIngestConfig config = KafkaIngestConfig.parse(args[0]).withClientProperties(Map.of(
                "session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
        try (DatabaseService db = DatabaseServices.open(args[1])) {
            ActivityIngest real = db.activityLog().ingest();
            int[] batches = {0};
            ActivityIngest hanging = (ActivityIngest) Proxy.newProxyInstance(ActivityIngest.class.getClassLoader(),
                    new Class<?>[] {ActivityIngest.class}, (proxy, method, a) -> {
                        if (!method.getName().equals("append") || a.length != 1) {
                            return method.invoke(real, a);
                        }
                        @SuppressWarnings("unchecked")
                        List<? extends JsonNode> entries = (List<? extends JsonNode>) a[0];
                        batches[0]++;
                        if (batches[0] == hangAt && !afterCommit) {
                            hang();
                        }
                        IngestResult r = real.append(entries);
                        report("BATCH " + batches[0] + " " + entries.size());
                        if (batches[0] == hangAt) {
                            hang();
                        }
                        return r;
                    });
            try (KafkaIngestWorker worker = KafkaIngestWorker.open(config, hanging, KafkaIngestWorker.Options.defaults()
                    .withBatchSize(Integer.parseInt(args[2])).withPollTimeout(Duration.ofMillis(200))
                    .withConnectTimeout(Duration.ofSeconds(120)))) {
                KafkaIngestWorker.Stats stats = worker.drain();
                report("DONE stored=" + stats.stored() + " duplicates=" + stats.duplicates() + " rejected="
                        + stats.rejected());
            }
        }
    }

    private static void report(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void hang() throws InterruptedException {
        report("HANG");
        Thread.sleep(Long.MAX_VALUE);
    }
}
