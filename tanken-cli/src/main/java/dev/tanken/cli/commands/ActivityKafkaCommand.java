package dev.tanken.cli.commands;

import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.kafka.KafkaIngestConfig;
import dev.tanken.kafka.KafkaIngestWorker;
import dev.tanken.model.Durations;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tanken activity kafka-worker}: other applications' entries from a Kafka topic into the log. */
@Command(name = "kafka-worker", header = "Move entries from a Kafka topic into the activity log.",
        description = {"Reads the topic (default " + KafkaIngestConfig.DEFAULT_TOPIC + ") in a consumer group (default "
                + KafkaIngestConfig.DEFAULT_GROUP + "); each record's value is one entry, the JSON envelope of "
                + "docs/activity.md. Each poll goes through the same checks as ActivityService.Append in one "
                + "transaction, and its offsets are committed only after that: a worker stopped or killed at any "
                + "point loses nothing and stores nothing twice. Records that are not valid entries become dead "
                + "letters (tanken activity dead-letters). Runs until stopped (Ctrl-C, SIGTERM); run several in the "
                + "same group to share the topic's partitions. With --drain, handles what the topic holds and exits.",
            "",
            "Prints what it stored when it stops; with --json, {\"stored\": N, \"duplicate\": N, \"rejected\": N}."})
final class ActivityKafkaCommand extends TankenSubcommand {
    static final String URL_ENV = "TANKEN_KAFKA_URL";
    private static final String KAFKA_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.apache.kafka";

    @Option(names = "--kafka", paramLabel = "URL", description = "kafka://host:port[,host:port...][?topic=T&group=G] "
            + "(env " + URL_ENV + ").")
    String kafka;

    @Option(names = "--client-config", paramLabel = "FILE", description = "A Java properties file of further "
            + "kafka-clients consumer settings: security.protocol, sasl.*, ssl.*, timeouts.")
    Path clientConfig;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Records per poll and transaction, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the cluster at start-up (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(names = "--drain", description = "Handle what the topic holds now, then exit.")
    boolean drain;

    @Override
    public Integer call() throws Exception {
        String url = kafka != null ? kafka : environment().env().get(URL_ENV);
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("name the Kafka cluster with --kafka URL or " + URL_ENV
                    + " (kafka://host:port?topic=T&group=G)");
        }
        KafkaIngestConfig config = KafkaIngestConfig.parse(url).withClientProperties(readClientConfig());
        KafkaIngestWorker.Options options = KafkaIngestWorker.Options.defaults().withBatchSize(batch)
                .withConnectTimeout(timeout());
        if (drain) {
            options = options.withPollTimeout(Duration.ofMillis(200));
        }
        // The client logs every failed connection attempt; the command reports the failure in one line of its own.
        if (!global().verbose() && System.getProperty(KAFKA_LOG_LEVEL) == null) {
            System.setProperty(KAFKA_LOG_LEVEL, "error");
        }
        KafkaIngestWorker.Stats stats;
        try (Tanken tanken = openTanken();
                KafkaIngestWorker worker = KafkaIngestWorker.open(config, tanken.activity().ingest(), options)) {
            if (drain) {
                stats = worker.drain();
            } else {
                CountDownLatch stop = new CountDownLatch(1);
                for (String signal : new String[] {"TERM", "INT"}) {
                    sun.misc.Signal.handle(new sun.misc.Signal(signal), x -> stop.countDown());
                }
                out().println("reading " + config.topic() + " in group " + config.group() + "; Ctrl-C to stop");
                out().flush();
                worker.start();
                stop.await();
                worker.close();
                stats = worker.stats();
            }
        }
        printResult(json -> {
            json.writeStartObject();
            json.writeNumberField("stored", stats.stored());
            json.writeNumberField("duplicate", stats.duplicates());
            json.writeNumberField("rejected", stats.rejected());
            json.writeEndObject();
        }, (drain ? "drained: " : "stopped: ") + stats.stored() + " stored, " + stats.duplicates()
                + " already stored, " + stats.rejected() + " refused");
        return ExitCodes.OK;
    }

    private Duration timeout() {
        Duration d = Durations.parse(connectTimeout, "--connect-timeout");
        if (d.isZero() || d.isNegative()) {
            throw new InvalidInputException("--connect-timeout must be positive, got " + connectTimeout);
        }
        return d;
    }

    private Map<String, String> readClientConfig() {
        if (clientConfig == null) {
            return Map.of();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(clientConfig, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such file: " + clientConfig);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot read " + clientConfig + " as a properties file: " + e.getMessage());
        }
        Map<String, String> settings = new TreeMap<>();
        p.stringPropertyNames().forEach(name -> settings.put(name, p.getProperty(name)));
        return settings;
    }
}
