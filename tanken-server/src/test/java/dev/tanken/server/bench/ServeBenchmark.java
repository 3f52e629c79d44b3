package dev.tanken.server.bench;

import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.model.GeoPoint;
import dev.tanken.server.ServerOptions;
import dev.tanken.server.TankenServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * GetPostsByLocation through the server (wrk for HTTP/1.1 percentiles, h2load for h2c throughput)
 * beside the same library call in process, in one run on one store. A benchmark, not a test: it
 * prints figures for docs/benchmarks.md.
 *
 * <p>Arguments: database URL, cache URL or "-", seconds per measurement, connection counts.
 */
public final class ServeBenchmark {
    private static final double LAT = 35.6812;
    private static final double LON = 139.7671;
    private static final double RADIUS = 1000;
    private static final int LIMIT = 20;

    private ServeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String db = args[0];
        String cache = args[1].equals("-") ? null : args[1];
        int seconds = Integer.parseInt(args[2]);
        List<Integer> connections = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            connections.add(Integer.parseInt(args[i]));
        }
        Path home = Files.createTempDirectory("serve-bench");
        TankenConfig config = TankenConfig.embedded(home).withDatabaseUrl(db).withCacheUrl(cache);
        try (Tanken tanken = Tanken.open(config);
                TankenServer server = TankenServer.start(tanken, ServerOptions.defaults().withPort(0)
                        .withRateLimit(0, 1))) {
            String label = cache == null ? "uncached" : "cached";
            Path lua = home.resolve("nearby.lua");
            String body = String.format(Locale.ROOT,
                    "{\"location\":{\"latitude\":%s,\"longitude\":%s},\"radiusMeters\":%s,\"limit\":%d}", LAT, LON,
                    RADIUS, LIMIT);
            Files.writeString(lua, "wrk.method = \"POST\"\nwrk.body = '" + body + "'\n"
                    + "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
            Path bodyFile = home.resolve("body.json");
            Files.writeString(bodyFile, body);
            Path protoFile = home.resolve("body.bin");
            Files.write(protoFile, dev.tanken.api.v1.GetPostsByLocationRequest.newBuilder()
                    .setLocation(dev.tanken.api.v1.Location.newBuilder().setLatitude(LAT).setLongitude(LON))
                    .setRadiusMeters(RADIUS).setLimit(LIMIT).build().toByteArray());
            String url = server.uri() + "/tanken.v1.PostsService/GetPostsByLocation";

            // The cached kind warms the area it searches, as a busy deployment's cache would hold it.
            tanken.cache().ifPresent(tier -> tier.warm(GeoPoint.of(LAT, LON), RADIUS * 2));
            // Warm the JIT and the pools, through both doors.
            inProcess(tanken, 2, Math.max(5, seconds / 2));
            run(List.of("wrk", "-t2", "-c16", "-d" + Math.max(5, seconds / 2) + "s", "-s", lua.toString(), url));

            for (int c : connections) {
                Result lib = inProcess(tanken, Math.min(c, 64), seconds);
                System.out.printf(Locale.ROOT, "| library, in process | %s | %d threads | %.0f | %.3f | %.3f |%n", label,
                        Math.min(c, 64), lib.rps, lib.p50, lib.p99);
                String wrk = run(List.of("wrk", "-t" + Math.min(2, c), "-c" + c, "-d" + seconds + "s", "--latency", "-s",
                        lua.toString(), url));
                System.out.printf(Locale.ROOT, "| server, HTTP/1.1 JSON (wrk) | %s | %d connections | %s | %s | %s |%n",
                        label, c, find(wrk, "Requests/sec:\\s+([0-9.]+)"), find(wrk, "(?m)^\\s+50%\\s+(\\S+)"),
                        find(wrk, "(?m)^\\s+99%\\s+(\\S+)"));
                String h2 = run(List.of("h2load", "-c" + c, "-m1", "-t" + Math.min(2, c), "-D" + seconds, "-d", bodyFile.toString(),
                        "-H", "Content-Type: application/json", url));
                System.out.printf(Locale.ROOT, "| server, h2c JSON (h2load) | %s | %d connections | %s | mean %s | max %s |%n",
                        label, c, find(h2, "finished in [^,]+, ([0-9.]+) req/s"),
                        find(h2, "time for request:\\s+\\S+\\s+\\S+\\s+(\\S+)"),
                        find(h2, "time for request:\\s+\\S+\\s+(\\S+)"));
                if (!h2.contains("0 failed, 0 errored")) {
                    System.out.println("h2load reported failures:\n" + h2);
                }
                String h2proto = run(List.of("h2load", "-c" + c, "-m1", "-t" + Math.min(2, c), "-D" + seconds, "-d",
                        protoFile.toString(), "-H", "Content-Type: application/proto", url));
                System.out.printf(Locale.ROOT, "| server, h2c binary (h2load) | %s | %d connections | %s | mean %s | max %s |%n",
                        label, c, find(h2proto, "finished in [^,]+, ([0-9.]+) req/s"),
                        find(h2proto, "time for request:\\s+\\S+\\s+\\S+\\s+(\\S+)"),
                        find(h2proto, "time for request:\\s+\\S+\\s+(\\S+)"));
            }
        }
    }

    private record Result(double rps, double p50, double p99) {
    }

    /** The library call the server makes for one GetPostsByLocation, from {@code threads} threads. */
    private static Result inProcess(Tanken tanken, int threads, int seconds) throws Exception {
        GeoPoint center = GeoPoint.of(LAT, LON);
        Recorder recorder = new Recorder(3);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                long n = 0;
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    Page<NearbyPost> page = tanken.nearby(center, RADIUS, LIMIT, null, null);
                    tanken.places(page.items().stream().map(NearbyPost::post).toList());
                    recorder.recordValue(System.nanoTime() - s);
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : counts) {
            total += f.get();
        }
        pool.shutdown();
        Histogram h = recorder.getIntervalHistogram();
        return new Result(total / (double) seconds, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6);
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : "?";
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
