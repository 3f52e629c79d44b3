package dev.tanken.cli.commands;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.Progress;
import dev.tanken.cli.internal.bench.CacheChart;
import dev.tanken.cli.internal.bench.CacheExperiment;
import dev.tanken.cli.internal.bench.CacheReport;
import dev.tanken.cli.internal.bench.CacheRunResult;
import dev.tanken.cli.internal.bench.CacheWorkload;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.PostId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tanken bench ...}: repeatable experiments. */
@Command(name = "bench", header = "Run experiments: which cache configuration suits a workload.",
        subcommands = {BenchCommand.Cache.class})
final class BenchCommand extends CommandGroup {
    BenchCommand() {
        super("cache");
    }

    /** {@code tanken bench cache}. */
    @Command(name = "cache", header = "Compare write policies and cache sizes on a synthetic workload.",
            description = {"Reads posts by id (popularity Zipf-distributed) and likes them, from several threads, "
                    + "against every combination of --policies, --admission and --capacity, each in a fresh cache "
                    + "namespace (deleted afterwards; the database keeps the benchmark posts and likes). Reports "
                    + "per combination: hit ratio, database round trips per 1000 operations (write-back's deferred "
                    + "writes included: the queue is drained before counting), p50/p99/p99.9 latency, throughput "
                    + "and write-back lag.",
                "The posts (--keys of them, ids fixed by --key-seed; 42 with 1000000 keys is the benchmarks' "
                    + "dataset) are seeded when missing. The capacity bound is kept by this process (LRU, or "
                    + "TinyLFU admission), so it works on a shared Redis.",
                "With --json, prints one object: workload and results (one per combination)."})
    static final class Cache extends TankenSubcommand {
        @Option(names = "--read-ratio", defaultValue = "0.9", paramLabel = "R",
                description = "Share of operations that read; the rest like a post (default: ${DEFAULT-VALUE}).")
        double readRatio;

        @Option(names = "--zipf", defaultValue = "1.0", paramLabel = "S",
                description = "Popularity skew (default: ${DEFAULT-VALUE}).")
        double zipf;

        @Option(names = "--keys", defaultValue = "10000", paramLabel = "N",
                description = "Distinct posts (default: ${DEFAULT-VALUE}).")
        int keys;

        @Option(names = "--key-seed", defaultValue = "4242", paramLabel = "N",
                description = "Seed of the posts' ids (default: ${DEFAULT-VALUE}).")
        long keySeed;

        @Option(names = "--multi-get", defaultValue = "1", paramLabel = "N",
                description = "Posts per read: 1 = single reads, 20 = a feed page (default: ${DEFAULT-VALUE}).")
        int multiGet;

        @Option(names = "--capacity", split = ",", defaultValue = "1%,5%,10%,20%,50%", paramLabel = "SIZE",
                description = "Cache sizes to sweep, in posts or %% of --keys (default: ${DEFAULT-VALUE}).")
        List<String> capacities;

        @Option(names = "--ttl", defaultValue = "PT1H", paramLabel = "DURATION",
                description = "Lifetime of a cached post, ISO-8601 or 30s/5m/1h (default: 1h).")
        String ttl;

        @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
                description = "Client threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--duration", defaultValue = "10s", paramLabel = "DURATION",
                description = "Measured time per combination (default: ${DEFAULT-VALUE}).")
        String duration;

        @Option(names = "--operations", defaultValue = "0", paramLabel = "N",
                description = "Measured operations per combination instead of --duration.")
        long operations;

        @Option(names = "--warmup", paramLabel = "N",
                description = "Unmeasured operations first (default: 3 x the capacity).")
        Long warmup;

        @Option(names = "--policies", split = ",", defaultValue = "write-through,write-back,write-around",
                paramLabel = "POLICY", description = "Write policies to compare (default: ${DEFAULT-VALUE}).")
        List<String> policies;

        @Option(names = "--admission", split = ",", defaultValue = "lru", paramLabel = "POLICY",
                description = "Cache admission/eviction: lru, tinylfu (default: ${DEFAULT-VALUE}).")
        List<String> admissions;

        @Option(names = "--csv", paramLabel = "FILE", description = "Also write the results as CSV.")
        Path csv;

        @Option(names = "--chart", paramLabel = "FILE.png",
                description = "Also draw hit ratio and database load against cache size as a PNG.")
        Path chart;

        @Option(names = "--chart-size", defaultValue = "1200x500", paramLabel = "WxH",
                description = "Size of the chart in pixels (default: ${DEFAULT-VALUE}).")
        String chartSize;

        @Override
        public Integer call() {
            List<WritePolicy> parsedPolicies = policies.stream().map(WritePolicy::parse).toList();
            admissions.forEach(dev.tanken.cache.BoundedPostCache.Admission::parse);
            List<Integer> sizes = capacities.stream().map(this::capacity).distinct().toList();
            long warm = warmup != null ? warmup : 3L * sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
            CacheWorkload workload = new CacheWorkload(readRatio, zipf, keys, multiGet, sizes, parseDuration(ttl, "--ttl"),
                    threads, parseDuration(duration, "--duration"), operations, warm, parsedPolicies, admissions,
                    keySeed);
            int[] size = chartSize();
            TankenConfig config = config();
            if (config.cacheUrl() == null) {
                throw new InvalidInputException("bench cache needs a Redis: pass --cache URL or set "
                        + TankenConfig.ENV_CACHE_URL);
            }
            List<CacheRunResult> results;
            try (Tanken tanken = openTanken()) {
                DatabaseService db = tanken.cache().<DatabaseService>map(CachingDatabaseService::database)
                        .orElse(tanken.database());
                CacheExperiment experiment = new CacheExperiment(db, config.databaseUrl(), config.cacheUrl(), workload);
                List<PostId> ids;
                try (Progress progress = Progress.of("seed posts", keys, environment(), err())) {
                    ids = experiment.preparePosts(progress::stepBy);
                }
                List<UUID> likers = experiment.likers();
                // A sweep runs for minutes; whoever started it learns up front how long, even off a terminal.
                err().println("bench cache: " + workload.runs() + " combinations, "
                        + (operations > 0 ? operations + " operations" : "about " + workload.duration().toSeconds() + " s")
                        + " each after " + warm + " warm-up operations");
                err().flush();
                long perRun = operations > 0 ? operations : Math.max(1, workload.duration().toMillis() / 100);
                try (Progress progress = Progress.of("bench cache", perRun * workload.runs(), environment(),
                        err())) {
                    results = experiment.run(ids, likers, progress::stepBy);
                }
            }
            CacheReport report = new CacheReport(workload, results, 0);
            write(csv, report.csv());
            if (chart != null) {
                System.setProperty("java.awt.headless", "true");
                CacheChart.write(report, chart, size[0], size[1]);
            }
            if (json()) {
                Json.println(out(), report);
            } else {
                report.printTable(out());
            }
            return ExitCodes.OK;
        }

        private int capacity(String text) {
            String t = text.strip();
            try {
                if (t.endsWith("%")) {
                    double pct = Double.parseDouble(t.substring(0, t.length() - 1));
                    if (!(pct > 0 && pct <= 100)) {
                        throw usageError("--capacity percentage must be in (0, 100], got " + t);
                    }
                    return (int) Math.max(1, Math.round(keys * pct / 100));
                }
                int n = Integer.parseInt(t);
                if (n < 1) {
                    throw usageError("--capacity must be at least 1 post, got " + t);
                }
                return n;
            } catch (NumberFormatException e) {
                throw usageError("--capacity takes a number of posts or a percentage, got '" + t + "'");
            }
        }

        private Duration parseDuration(String text, String option) {
            try {
                return dev.tanken.model.Durations.parse(text, option);
            } catch (dev.tanken.InvalidInputException e) {
                throw usageError(e.getMessage());
            }
        }

        private int[] chartSize() {
            String[] parts = chartSize.toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                int w = Integer.parseInt(parts[0].strip());
                int h = Integer.parseInt(parts[1].strip());
                if (parts.length != 2 || w < 200 || h < 150 || w > 8000 || h > 8000) {
                    throw usageError("--chart-size must be WxH between 200x150 and 8000x8000, got " + chartSize);
                }
                return new int[] {w, h};
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw usageError("--chart-size must be WxH, e.g. 1200x500, got " + chartSize);
            }
        }

        private static void write(Path file, String text) {
            if (file == null) {
                return;
            }
            try {
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
