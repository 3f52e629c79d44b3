package dev.tanken.bench;

import dev.tanken.activity.ActivityChain;
import dev.tanken.activity.ActivityLog;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.redis.ActivityWorker;
import dev.tanken.redis.IngestWorker;
import dev.tanken.redis.RedisActivityStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import dev.tanken.postgres.internal.PostgresUrl;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import redis.clients.jedis.Jedis;

/**
 * The JVM's CPU time per entry on the ingest path, one thread at a time, against a real Redis and
 * PostgreSQL: the time the database and Redis spend is theirs and not counted, so the figures are
 * what the JVM does per entry (stream reply decoding, envelope rules, contract, the statement's
 * parameters; then the sealer's reading of its batch, canonical form, SHA-256 and the links'
 * parameters). Thread CPU time is far less inflated by a loaded machine than wall time.
 *
 * <pre>
 * java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.IngestCpuProbe [COUNT] [ROUNDS] [DATABASE_URL] [REDIS_URL]
 * </pre>
 *
 * <p>Prints per round: the ingesting thread's CPU and allocated bytes per entry, the sealing
 * thread's, and the whole process's CPU (JIT and garbage collection included). The first rounds
 * warm the JIT; read the last ones.
 */
public final class IngestCpuProbe {
    private IngestCpuProbe() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        String url = args.length > 2 ? args[2] : IngestBench.DEFAULT_URL;
        String redis = args.length > 3 ? args[3] : IngestBench.DEFAULT_REDIS;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Connection c = BenchConnections.connect(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PostgresUrl.quoteIdentifier(PostgresUrl.parse(url).schema())
                    + " CASCADE");
        }
        try (DatabaseService db = DatabaseServices.open(url)) {
            ActivityLog log = db.activityLog();
            log.ingest().addApp(IngestBench.APP);
            log.ingest().setSchema(IngestBench.APP, "order.paid", IngestBench.CONTRACT);
            URI r = URI.create(redis);
            for (int round = 1; round <= rounds; round++) {
                try (Connection c = BenchConnections.connect(url); Statement s = c.createStatement()) {
                    s.execute("TRUNCATE activity_log, activity_unsealed, activity_chain, activity_dead_letters");
                }
                try (Jedis jedis = new Jedis(r.getHost(), r.getPort())) {
                    jedis.del(IngestBench.STREAM_KEY);
                    IngestBench.fill(jedis, count);
                }
                try (RedisActivityStream stream = RedisActivityStream.openForIngest(redis, IngestBench.STREAM_KEY)) {
                    stream.ensureGroup();
                    IngestWorker worker = new IngestWorker(stream, log.ingest(),
                            new ActivityWorker.Options("probe", 1000, Duration.ofMillis(1), Duration.ofSeconds(60)));
                    ActivityChain chain = log.chain();
                    long tid = Thread.currentThread().getId();
                    double process0 = IngestBench.javaCpu();
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long alloc0 = mx.getThreadAllocatedBytes(tid);
                    long handled = 0;
                    int n;
                    while ((n = worker.processBatch()) > 0) {
                        handled += n;
                    }
                    long cpu1 = mx.getCurrentThreadCpuTime();
                    long alloc1 = mx.getThreadAllocatedBytes(tid);
                    long sealed = chain.seal();
                    long cpu2 = mx.getCurrentThreadCpuTime();
                    long alloc2 = mx.getThreadAllocatedBytes(tid);
                    double process = IngestBench.javaCpu() - process0;
                    if (handled != count || sealed != count || worker.stats().stored() != count) {
                        throw new IllegalStateException("handled " + handled + ", stored " + worker.stats().stored()
                                + ", sealed " + sealed + " of " + count);
                    }
                    System.out.printf("round %d: ingest %.2f us CPU, %,d bytes allocated per entry;"
                            + " seal %.2f us CPU, %,d bytes per entry; process CPU %.2f us per entry%n", round,
                            (cpu1 - cpu0) / 1e3 / count, (alloc1 - alloc0) / count, (cpu2 - cpu1) / 1e3 / count,
                            (alloc2 - alloc1) / count, process * 1e6 / count);
                }
            }
        }
    }

}
