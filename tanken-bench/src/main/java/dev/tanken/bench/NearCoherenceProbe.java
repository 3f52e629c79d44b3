package dev.tanken.bench;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.NearPostCache;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * How stale can a near cache read be? A writer in another JVM (its own cache client and
 * connections) keeps re-tagging {@code hot} posts of the seed-42 PostgreSQL dataset with a per-post
 * sequence number ("k1", "k2", ...) under write-through, and logs when each write returned; reader
 * threads here read the posts through a tier with a near cache and record what they got and when
 * they started. Afterwards, a read that started {@code t} after the write superseding the value it
 * returned had completed is {@code t} stale. Both processes time with {@link System#nanoTime()},
 * which on Linux is {@code CLOCK_MONOTONIC}, one clock for every process on the machine.
 *
 * <p>Prints the worst staleness and how many reads were staler than the bound; with a sixth
 * argument, also writes them as JSON ({@code "kind": "near-coherence"}) for the suite's report.
 * The Redis server or cluster comes from {@code -Dtanken.bench.redis} ({@code redis://H:P} or
 * {@code redis-cluster://H:P,H:P}). With {@code -Dtanken.bench.coherence.detail=FILE}, every write
 * ({@code W post version completedNanos startedNanos id}) and every stale read ({@code S ...}, with
 * how long it took: a few microseconds is a near-cache hit) go to FILE, to line up with what else
 * was recorded at those instants.
 *
 * <pre>java -Dtanken.bench.redis=redis://127.0.0.1:6397 -cp tanken-bench.jar dev.tanken.bench.NearCoherenceProbe
 *     [reads=1000000] [hot=100] [posts=100000] [readers=2] [boundMs=10] [result.json]</pre>
 */
public final class NearCoherenceProbe {
    private NearCoherenceProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--writer")) {
            Writer.run(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            return;
        }
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int hot = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int posts = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int readers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        long boundMillis = args.length > 4 ? Long.parseLong(args[4]) : 10;
        Path json = args.length > 5 ? Path.of(args[5]) : null;
        CacheTierOptions options = CacheTierOptions.DEFAULTS
                .withFlusher(false, 500, Duration.ofMillis(200), Duration.ofSeconds(10));
        List<PostId> ids = BenchCaches.syntheticIds(posts).subList(0, hot);
        Path writes = Files.createTempFile("near-coherence-writes", ".log");
        String topology = BenchCaches.url().startsWith("redis-cluster:") ? "redis-cluster" : "redis";
        String loadBefore = load();
        int[] post = new int[reads];
        long[] version = new long[reads];
        long[] start = new long[reads];
        long[] end = new long[reads];
        NearPostCache.Stats nearStats;
        double seconds;
        try (DatabaseService db = BenchDatabases.openSeeded("postgresql", posts);
                PostCacheService readerCache = CacheServices.open(BenchCaches.url() + "&nearCache=10000");
                CachingDatabaseService reader = CachingDatabaseService.using(db, readerCache, options)) {
            NearPostCache near = (NearPostCache) readerCache;
            while (!near.online()) {
                LockSupport.parkNanos(1_000_000);
            }
            Process writer = startWriter(hot, posts, writes);
            try {
                AtomicInteger next = new AtomicInteger();
                Thread[] rs = new Thread[readers];
                long started = System.nanoTime();
                for (int r = 0; r < readers; r++) {
                    rs[r] = new Thread(() -> {
                        for (int n = next.getAndIncrement(); n < reads; n = next.getAndIncrement()) {
                            int i = ThreadLocalRandom.current().nextInt(hot);
                            long t0 = System.nanoTime();
                            Post p = reader.findPost(ids.get(i)).orElseThrow();
                            post[n] = i;
                            version[n] = Long.parseLong(p.tags().get(0).substring(1));
                            start[n] = t0;
                            end[n] = System.nanoTime();
                        }
                    }, "probe-reader-" + r);
                    rs[r].start();
                }
                for (Thread r : rs) {
                    r.join();
                }
                seconds = (System.nanoTime() - started) / 1e9;
                nearStats = near.stats();
            } finally {
                writer.getOutputStream().close(); // the writer stops when its input ends
                if (!writer.waitFor(60, TimeUnit.SECONDS)) {
                    writer.destroyForcibly();
                }
            }
        }
        // done.get(i)[k]: when the write of version k of post i returned.
        Map<Integer, Map<Long, Long>> done = new HashMap<>();
        long writeCount = 0;
        for (String line : Files.readAllLines(writes, StandardCharsets.US_ASCII)) {
            String[] f = line.split(" ");
            if (f.length < 3) {
                continue; // a line cut short when the writer stopped
            }
            done.computeIfAbsent(Integer.parseInt(f[0]), k -> new HashMap<>()).put(Long.parseLong(f[1]),
                    Long.parseLong(f[2]));
            writeCount++;
        }
        String detail = System.getProperty("tanken.bench.coherence.detail");
        List<String> lines = new ArrayList<>();
        if (detail != null) {
            lines.addAll(Files.readAllLines(writes, StandardCharsets.US_ASCII).stream().map(l -> "W " + l).toList());
        }
        Files.deleteIfExists(writes);
        long stale = 0;
        long beyond = 0;
        long worst = 0;
        long boundNanos = TimeUnit.MILLISECONDS.toNanos(boundMillis);
        for (int n = 0; n < reads; n++) {
            Long superseded = done.getOrDefault(post[n], Map.of()).get(version[n] + 1);
            if (superseded != null && superseded < start[n]) {
                long delay = start[n] - superseded;
                stale++;
                worst = Math.max(worst, delay);
                if (delay > boundNanos) {
                    beyond++;
                }
                if (detail != null) {
                    lines.add("S post=" + post[n] + " id=" + ids.get(post[n]) + " read=k" + version[n]
                            + " start=" + start[n] + " tookUs=" + (end[n] - start[n]) / 1000 + " supersededAt="
                            + superseded + " delayMs=" + delay / 1e6);
                }
            }
        }
        if (detail != null) {
            Files.write(Path.of(detail), lines, StandardCharsets.UTF_8);
        }
        String load = loadBefore + " → " + load();
        System.out.printf(Locale.ROOT, "topology=%s reads=%d writes=%d seconds=%.1f staleReads=%d"
                + " worstStalenessMs=%.3f beyond%dms=%d near=%s load=%s%n", topology, reads, writeCount, seconds,
                stale, worst / 1e6, boundMillis, beyond, nearStats, load);
        if (json != null) {
            Files.writeString(json, String.format(Locale.ROOT, "{\"kind\": \"near-coherence\", \"topology\": \"%s\","
                    + " \"reads\": %d, \"writes\": %d, \"nearHits\": %d, \"staleReads\": %d,"
                    + " \"worstStalenessMillis\": %.3f, \"boundMillis\": %d, \"beyondBound\": %d, \"seconds\": %.1f,"
                    + " \"load\": \"%s\"}%n", topology, reads, writeCount, nearStats.hits(), stale, worst / 1e6,
                    boundMillis, beyond, seconds, load));
        }
    }

    private static Process startWriter(int hot, int posts, Path writes) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("tanken."))
                .forEach(n -> command.add("-D" + n + "=" + System.getProperty(n)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NearCoherenceProbe.class.getName(),
                "--writer", Integer.toString(hot), Integer.toString(posts), writes.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the writer process did not start (it said: " + line + ")");
        }
        return p;
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The other process: writes until its standard input ends, logging "post version nanoTime" per write. */
    static final class Writer {
        private Writer() {
        }

        static void run(int hot, int posts, Path log) throws Exception {
            CacheTierOptions options = CacheTierOptions.DEFAULTS
                    .withFlusher(false, 500, Duration.ofMillis(200), Duration.ofSeconds(10));
            List<PostId> ids = BenchCaches.syntheticIds(posts).subList(0, hot);
            AtomicBoolean stop = new AtomicBoolean();
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // nothing is sent: the parent only closes the stream
                    }
                } catch (IOException ignored) {
                    // the parent is gone: stop as well
                }
                stop.set(true);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            try (DatabaseService db = BenchDatabases.openSeeded("postgresql", posts);
                    PostCacheService cache = CacheServices.open(BenchCaches.url());
                    CachingDatabaseService writer = CachingDatabaseService.using(db, cache, options);
                    PrintStream out = new PrintStream(Files.newOutputStream(log), false, StandardCharsets.US_ASCII)) {
                long[] version = new long[hot];
                for (int i = 0; i < hot; i++) {
                    writer.apply(new Write.SetTags(ids.get(i), List.of("k0")), WritePolicy.WRITE_THROUGH);
                }
                System.out.println("ready");
                System.out.flush();
                watcher.start();
                while (!stop.get()) {
                    int i = ThreadLocalRandom.current().nextInt(hot);
                    long k = ++version[i];
                    long began = System.nanoTime();
                    writer.apply(new Write.SetTags(ids.get(i), List.of("k" + k)), WritePolicy.WRITE_THROUGH);
                    out.print(i + " " + k + " " + System.nanoTime() + " " + began + " " + ids.get(i) + "\n");
                }
            }
        }
    }
}
