package dev.tanken.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a suite output directory: JMH's {@code -rf json} files, hyperfine's {@code --export-json}
 * files, {@code tanken bench cache --json} output, and the {@code "kind": "near-coherence"} and
 * {@code "kind": "pgbench"} objects the script writes, told apart by their shape; {@code steps.tsv}
 * and {@code environment.txt} written by the script; and the JMH logs under {@code logs/}.
 */
public final class ResultReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PACKAGE = "dev.tanken.bench.";

    private ResultReader() {
    }

    public static SuiteResults read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        List<Step> steps = steps(dir.resolve("steps.tsv"));
        List<JmhRow> jmh = new ArrayList<>();
        List<HyperfineRow> hyperfine = new ArrayList<>();
        List<CacheBenchRow> cache = new ArrayList<>();
        List<CoherenceRow> coherence = new ArrayList<>();
        List<PgbenchRow> pgbench = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Path file : jsonFiles(dir, steps)) {
            String run = stem(file);
            JsonNode root = parse(file);
            if (root.isArray() && (root.isEmpty() || root.get(0).has("benchmark"))) {
                root.forEach(n -> jmh.add(jmhRow(run, n)));
            } else if (root.isObject() && root.path("results").isArray() && root.has("workload")) {
                root.get("results").forEach(n -> cache.add(cacheRow(run, root.get("workload"), n)));
            } else if (root.isObject() && root.path("results").isArray()
                    && root.get("results").path(0).has("command")) {
                root.get("results").forEach(n -> hyperfine.add(hyperfineRow(run, n)));
            } else if (root.isObject() && root.path("kind").asText().equals("near-coherence")) {
                coherence.add(coherenceRow(run, root));
            } else if (root.isObject() && root.path("kind").asText().equals("pgbench")) {
                pgbench.add(pgbenchRow(run, root));
            } else {
                ignored.add(file.getFileName().toString());
            }
        }
        String environment = text(dir.resolve("environment.txt"));
        boolean quick = environment.lines().anyMatch(l -> l.strip().equals("mode: quick"));
        return new SuiteResults(jmh, hyperfine, cache, coherence, pgbench, steps, LogNotes.read(dir.resolve("logs")),
                environment, quick, ignored);
    }

    /** The JSON files in the order the script ran their steps (then by name), so tables follow the run. */
    private static List<Path> jsonFiles(Path dir, List<Step> steps) {
        List<String> order = steps.stream().map(Step::name).toList();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.<Path>comparingInt(f -> {
                        int i = order.indexOf(stem(f));
                        return i < 0 ? Integer.MAX_VALUE : i;
                    }).thenComparing(f -> f.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static JmhRow jmhRow(String run, JsonNode n) {
        Map<String, String> params = new LinkedHashMap<>();
        n.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode metric = n.get("primaryMetric");
        String mode = n.get("mode").asText();
        JsonNode pct = metric.path("scorePercentiles");
        boolean sample = mode.equals("sample");
        String benchmark = n.get("benchmark").asText();
        if (benchmark.startsWith(PACKAGE)) {
            benchmark = benchmark.substring(PACKAGE.length());
        }
        return new JmhRow(run, benchmark, mode, params, number(metric.get("score")), number(metric.get("scoreError")),
                metric.get("scoreUnit").asText(), sample ? number(pct.get("50.0")) : Double.NaN,
                sample ? number(pct.get("90.0")) : Double.NaN, sample ? number(pct.get("99.0")) : Double.NaN);
    }

    static CacheBenchRow cacheRow(String run, JsonNode w, JsonNode r) {
        return new CacheBenchRow(run, w.get("zipf").asDouble(), w.get("readRatio").asDouble(), w.get("keys").asInt(),
                w.get("multiGet").asInt(), r.get("policy").asText(), r.get("admission").asText(),
                r.get("capacity").asInt(), r.get("capacityShare").asDouble(), r.path("idealHitRatio").asDouble(Double.NaN),
                r.get("operations").asLong(), r.get("postReads").asLong(), r.get("hitRatio").asDouble(),
                r.get("databaseRoundTrips").asLong(), r.get("p50Millis").asDouble(), r.get("p99Millis").asDouble(),
                r.get("p999Millis").asDouble(), r.get("opsPerSecond").asDouble(), r.get("writeBackLagMillis").asLong());
    }

    static CoherenceRow coherenceRow(String run, JsonNode n) {
        return new CoherenceRow(run, n.get("topology").asText(), n.get("reads").asLong(), n.get("writes").asLong(),
                n.path("nearHits").asLong(), n.get("staleReads").asLong(), n.get("worstStalenessMillis").asDouble(),
                n.get("boundMillis").asDouble(), n.get("beyondBound").asLong(), n.path("load").asText(""));
    }

    static PgbenchRow pgbenchRow(String run, JsonNode n) {
        return new PgbenchRow(run, n.get("name").asText(), n.path("query").asText(""), n.path("area").asText(""),
                n.get("transactions").asLong(),
                n.get("latencyAverageMillis").asDouble(), n.path("tps").asDouble(Double.NaN));
    }

    static HyperfineRow hyperfineRow(String run, JsonNode n) {
        return new HyperfineRow(run, n.get("command").asText(), n.get("mean").asDouble(), n.path("stddev").asDouble(
                Double.NaN), n.get("median").asDouble(), n.get("min").asDouble(), n.get("max").asDouble(),
                n.path("times").size());
    }

    /** JMH writes NaN as the string "NaN" (and the error of a single iteration is NaN). */
    private static double number(JsonNode n) {
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
    }

    private static List<Step> steps(Path file) {
        List<Step> steps = new ArrayList<>();
        for (String line : text(file).lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells.length < 2) {
                throw new IllegalArgumentException(file + ": expected NAME<TAB>SECONDS[<TAB>LOAD<TAB>LOAD], got: " + line);
            }
            steps.add(new Step(cells[0], Double.parseDouble(cells[1]), cells.length > 2 ? cells[2] : "",
                    cells.length > 3 ? cells[3] : ""));
        }
        return steps;
    }

    private static JsonNode parse(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
