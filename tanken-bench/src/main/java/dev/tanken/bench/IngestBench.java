package dev.tanken.bench;

import dev.tanken.activity.ActivityChain;
import dev.tanken.activity.ActivityLog;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.postgres.internal.PostgresUrl;
import dev.tanken.redis.ActivityWorker;
import dev.tanken.redis.IngestWorker;
import dev.tanken.redis.RedisActivityStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.XAddParams;

/**
 * Sustained ingest from the Redis stream into PostgreSQL (issue 15's figure: at least 50,000
 * entries/s on 2 cores, contracts on), with and without the hash chain:
 *
 * <pre>
 * java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.IngestBench [COUNT] [WORKERS] [ROUNDS] [DATABASE_URL] [REDIS_URL] [WARMUP]
 * </pre>
 *
 * <p>Each round, for each mode (without the chain, then with it): the log is emptied, {@code COUNT}
 * entries are XADDed to the stream (not measured), then {@code WORKERS} {@link IngestWorker}s (one
 * consumer each, batches of 1000, through the whole batch path: envelope, the app's JSON Schema
 * contract, one transaction per batch) drain it. With the chain, the statement trigger queues every
 * row and one sealer thread runs {@link ActivityChain#seal} meanwhile; the clock stops when the
 * stream is drained <em>and</em> every entry is sealed. Without it, the trigger is disabled and
 * nothing is sealed. WARMUP full rounds of both modes (default 2) warm the JIT first and are not
 * reported. Besides the CPU time of the JVM and of the PostgreSQL backends, each round prints the
 * JVM's split: the ingest workers' threads, the sealer's, and the rest (GC, JIT, pools).
 */
public final class IngestBench {
    static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test?schema=tanken_ingest_bench";
    static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";
    /** Not the production key, so that a worker of another program on the same Redis takes nothing from here. */
    static final String STREAM_KEY = "tanken:ingest:bench";
    static final String APP = "shop";
    static final String CONTRACT = """
            {"type":"object","required":["amount","currency","customer"],
             "properties":{"amount":{"type":"number","minimum":0},"currency":{"enum":["EUR","JPY","USD"]},
                           "customer":{"type":"object","required":["id"],"properties":{"id":{"type":"string"},
                           "tier":{"enum":["basic","gold","platinum"]}}},
                           "items":{"type":"array","items":{"type":"object","required":["sku","qty"]}}}}""";

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String url = args.length > 3 ? args[3] : DEFAULT_URL;
        String redis = args.length > 4 ? args[4] : DEFAULT_REDIS;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        dropSchema(url);
        try (DatabaseService db = DatabaseServices.open(url)) {
            ActivityLog log = db.activityLog();
            log.ingest().addApp(APP);
            log.ingest().setSchema(APP, "order.paid", CONTRACT);
            dropIndexes(url, System.getProperty("tanken.bench.dropIndexes", ""));
            // Sustained ingest is what is measured: a worker runs for hours. 50,000 entries per mode
            // left the JIT compiling through the first measured round (more than half the JVM's
            // CPU time there), so the warm-up is WARMUP full rounds of both modes.
            for (int w = 0; w < warmup; w++) {
                run(url, redis, log, count, workers, true);
                run(url, redis, log, count, workers, false);
            }
            for (int r = 1; r <= rounds; r++) {
                for (boolean chain : new boolean[] {false, true}) {
                    Result res = run(url, redis, log, count, workers, chain);
                    double perEntry = res.cpuSecondsPerEntry(count);
                    System.out.printf("round %d  chain %-3s  %,d entries  %d workers  stored in %.2f s  sealed %s"
                            + "  => %,.0f entries/s wall;  CPU: JVM %.1f s + PostgreSQL %.1f s = %.1f us/entry"
                            + " => %,.0f entries/s on 2 cores%n", r, chain ? "on" : "off", count, workers,
                            res.storedSeconds, chain ? String.format("in %.2f s", res.doneSeconds) : "-",
                            count / res.doneSeconds, res.javaCpuSeconds, res.postgresCpuSeconds, perEntry * 1e6,
                            2 / perEntry);
                    System.out.printf("         JVM CPU per entry: workers %.1f us, sealer %.1f us, other threads"
                            + " (GC, JIT, pools) %.1f us; GC time %.2f s, JIT time %.2f s%n",
                            res.workerCpuSeconds * 1e6 / count, res.sealerCpuSeconds * 1e6 / count,
                            (res.javaCpuSeconds - res.workerCpuSeconds - res.sealerCpuSeconds) * 1e6 / count,
                            res.gcSeconds, res.jitSeconds);
                }
            }
        }
    }

    /**
     * Wall time, and the CPU time the bench's JVM and the PostgreSQL backends serving it used: on a
     * machine shared with other work, entries per CPU second says what 2 cores of its own would do.
     */
    record Result(double storedSeconds, double doneSeconds, double javaCpuSeconds, double postgresCpuSeconds,
            double workerCpuSeconds, double sealerCpuSeconds, double gcSeconds, double jitSeconds) {
        double cpuSecondsPerEntry(int count) {
            return (javaCpuSeconds + postgresCpuSeconds) / count;
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Milliseconds the garbage collectors spent so far (their own account: pauses and concurrent work). */
    static long gcMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** CPU seconds of this JVM so far. */
    static double javaCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /**
     * CPU seconds (user + system, from /proc) of each PostgreSQL backend connected to this JVM,
     * found with {@code ss}: the server side of every TCP connection whose client port is ours.
     */
    static Map<Long, Double> postgresCpu() throws Exception {
        long self = ProcessHandle.current().pid();
        Process ss = new ProcessBuilder("ss", "-tnpH", "state", "established", "( dport = :5432 or sport = :5432 )")
                .redirectErrorStream(true).start();
        List<String> lines = new String(ss.getInputStream().readAllBytes()).lines().toList();
        ss.waitFor();
        java.util.Set<String> ourPorts = new java.util.HashSet<>();
        Map<String, Long> serverByClientPort = new java.util.HashMap<>();
        java.util.regex.Pattern row = java.util.regex.Pattern.compile(
                "\\S+\\s+\\S+\\s+\\S+:(\\d+)\\s+\\S+:(\\d+)\\s+users:\\(\\(\"([^\"]+)\",pid=(\\d+)");
        for (String line : lines) {
            java.util.regex.Matcher m = row.matcher(line.trim());
            if (!m.find()) {
                continue;
            }
            String local = m.group(1);
            String peer = m.group(2);
            long pid = Long.parseLong(m.group(4));
            if (pid == self && peer.equals("5432")) {
                ourPorts.add(local);
            } else if (local.equals("5432")) {
                serverByClientPort.put(peer, pid);
            }
        }
        Map<Long, Double> out = new java.util.HashMap<>();
        for (String port : ourPorts) {
            Long backend = serverByClientPort.get(port);
            if (backend != null) {
                String[] stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + backend + "/stat"))
                        .replaceFirst("^.*\\) ", "").split(" ");
                // Fields 14 and 15 of /proc/PID/stat (utime, stime), counted after the ") " that ends the name.
                out.put(backend, (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0);
            }
        }
        return out;
    }

    static double postgresCpuSince(Map<Long, Double> before) throws Exception {
        double used = 0;
        for (Map.Entry<Long, Double> e : postgresCpu().entrySet()) {
            used += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
        }
        return used;
    }

    static Result run(String url, String redis, ActivityLog log, int count, int workers, boolean chain)
            throws Exception {
        reset(url, chain);
        URI r = URI.create(redis);
        try (Jedis jedis = new Jedis(r.getHost(), r.getPort())) {
            jedis.del(STREAM_KEY);
            fill(jedis, count);
        }
        List<RedisActivityStream> streams = new ArrayList<>();
        List<IngestWorker> ingest = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            RedisActivityStream s = RedisActivityStream.openForIngest(redis, STREAM_KEY);
            s.ensureGroup();
            streams.add(s);
            ingest.add(new IngestWorker(s, log.ingest(),
                    new ActivityWorker.Options("bench-" + w, 1000, Duration.ofMillis(10), Duration.ofSeconds(60))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
        AtomicBoolean storing = new AtomicBoolean(true);
        // Every pooled connection open, so that the backends' CPU before the run is known.
        log.chain().pending();
        Map<Long, Double> postgresBefore = postgresCpu();
        java.util.concurrent.atomic.AtomicLong workerCpu = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong sealerCpu = new java.util.concurrent.atomic.AtomicLong();
        long gcBefore = gcMillis();
        long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        double javaBefore = javaCpu();
        long started = System.nanoTime();
        try {
            List<Future<?>> drains = new ArrayList<>();
            for (IngestWorker w : ingest) {
                drains.add(pool.submit(() -> {
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    while (w.processBatch() > 0 || streams.get(0).length() > 0) {
                        // keep draining
                    }
                    workerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
                    return null;
                }));
            }
            Future<?> sealer = null;
            if (chain) {
                ActivityChain c = log.chain();
                sealer = pool.submit(() -> {
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    while (storing.get()) {
                        if (c.seal() == 0) {
                            Thread.sleep(20);
                        }
                    }
                    c.seal();
                    sealerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
                    return null;
                });
            }
            for (Future<?> f : drains) {
                f.get();
            }
            double stored = (System.nanoTime() - started) / 1e9;
            storing.set(false);
            if (sealer != null) {
                sealer.get();
            }
            double done = (System.nanoTime() - started) / 1e9;
            double javaUsed = javaCpu() - javaBefore;
            double postgresUsed = postgresCpuSince(postgresBefore);
            long total = ingest.stream().mapToLong(w -> w.stats().stored()).sum();
            if (total != count) {
                throw new IllegalStateException("stored " + total + " of " + count + " entries");
            }
            if (chain && log.chain().pending() != 0) {
                throw new IllegalStateException(log.chain().pending() + " entries left unsealed");
            }
            return new Result(stored, done, javaUsed, postgresUsed, workerCpu.get() / 1e9, sealerCpu.get() / 1e9,
                    (gcMillis() - gcBefore) / 1e3,
                    (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore) / 1e3);
        } finally {
            pool.shutdownNow();
            for (RedisActivityStream s : streams) {
                s.close();
            }
        }
    }

    /** XADDs {@code count} entries of an online shop, in pipelines of 1000. */
    static void fill(Jedis jedis, int count) {
        SplittableRandom random = new SplittableRandom(42);
        String[] tiers = {"basic", "gold", "platinum"};
        String[] currencies = {"EUR", "JPY", "USD"};
        Instant base = Instant.now().minusSeconds(3600);
        Pipeline p = jedis.pipelined();
        for (int i = 0; i < count; i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("id", "order-" + System.nanoTime() + "-" + i);
            fields.put("occurredAt", base.plusMillis(i).toString());
            fields.put("app", APP);
            fields.put("actor", "customer-" + random.nextInt(100_000));
            fields.put("action", "order.paid");
            fields.put("subjectType", "order");
            fields.put("subjectId", "o-" + random.nextInt(1_000_000));
            fields.put("payload", "{\"amount\":" + random.nextInt(1, 100_000) / 100.0 + ",\"currency\":\""
                    + currencies[random.nextInt(3)] + "\",\"customer\":{\"id\":\"c-" + random.nextInt(100_000)
                    + "\",\"tier\":\"" + tiers[random.nextInt(3)] + "\"},\"items\":[{\"sku\":\"sku-"
                    + random.nextInt(5000) + "\",\"qty\":" + random.nextInt(1, 5) + "}],\"flag\":{\"gid\":"
                    + random.nextInt(1000) + "}}");
            p.xadd(STREAM_KEY, XAddParams.xAddParams(), fields);
            if (i % 1000 == 999) {
                p.sync();
            }
        }
        p.sync();
    }

    private static void reset(String url, boolean chain) throws SQLException {
        try (Connection c = BenchConnections.connect(url); Statement s = c.createStatement()) {
            s.execute("TRUNCATE activity_log, activity_unsealed, activity_chain, activity_dead_letters");
            s.execute("ALTER TABLE activity_log " + (chain ? "ENABLE" : "DISABLE") + " TRIGGER activity_log_unsealed");
            s.execute("VACUUM ANALYZE activity_log");
        }
    }

    /**
     * What a smaller index set would buy: {@code -Dtanken.bench.dropIndexes=activity_log_actor_idx,...}
     * drops those indexes of the log (and their partitions' copies) after the migrations. An
     * experiment for choosing which searches the log serves fast, never a production setting.
     */
    private static void dropIndexes(String url, String names) throws SQLException {
        if (names.isBlank()) {
            return;
        }
        PostgresUrl u = PostgresUrl.parse(url);
        try (Connection c = BenchConnections.connect(url); Statement s = c.createStatement()) {
            for (String name : names.split(",")) {
                s.execute("DROP INDEX " + PostgresUrl.quoteIdentifier(u.schema()) + "."
                        + PostgresUrl.quoteIdentifier(name.strip()));
                System.out.println("dropped index " + name.strip());
            }
        }
    }

    private static void dropSchema(String url) throws SQLException {
        PostgresUrl u = PostgresUrl.parse(url);
        try (Connection c = BenchConnections.connect(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PostgresUrl.quoteIdentifier(u.schema()) + " CASCADE");
        }
    }

}
