package dev.tanken.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds what trials printed in JMH's console logs ({@code logs/RUN.log}): the cache tier's
 * {@code cache stats: CacheStats[...]} and {@link dev.tanken.bench.WritePolicyBenchmark}'s summary of
 * writes per database round trip, backlog and drain. JMH's JSON has none of it; the log gives each
 * trial's benchmark, mode and parameters in its {@code #} header lines.
 */
final class LogNotes {
    private static final String PACKAGE = "dev.tanken.bench.";
    private static final Pattern PARAM = Pattern.compile("(\\w+) = ([^,]*)");
    private static final Pattern STATS = Pattern.compile("cache stats: CacheStats\\[hits=(\\d+), misses=(\\d+),"
            + " databaseRoundTrips=(\\d+).*nearbyFromCache=(\\d+), nearbyFromDatabase=(\\d+)");
    private static final Pattern WRITES = Pattern.compile("^\\S+ \\S+: ([\\d,]+) writes, ([\\d,]+) database round trips"
            + " \\(([^ ]+) writes per round trip\\); backlog at the end ([\\d,-]+) entries, drained in ([\\d.]+) s");

    private LogNotes() {
    }

    static List<TrialNote> read(Path logs) {
        List<TrialNote> notes = new ArrayList<>();
        if (!Files.isDirectory(logs)) {
            return notes;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                notes.addAll(parse(ResultReader.stem(f), Files.readAllLines(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the logs in " + logs, e);
        }
        return notes;
    }

    static List<TrialNote> parse(String run, List<String> lines) {
        List<TrialNote> notes = new ArrayList<>();
        String benchmark = null;
        String mode = null;
        Map<String, String> params = Map.of();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("# Benchmark: ")) {
                benchmark = line.substring("# Benchmark: ".length()).strip();
                if (benchmark.startsWith(PACKAGE)) {
                    benchmark = benchmark.substring(PACKAGE.length());
                }
                params = Map.of();
            } else if (line.startsWith("# Benchmark mode: ")) {
                mode = mode(line.substring("# Benchmark mode: ".length()));
            } else if (line.startsWith("# Parameters: (")) {
                params = params(line.substring("# Parameters: (".length(), line.length() - 1));
            } else if (benchmark != null && mode != null) {
                String text = note(line);
                if (text != null) {
                    notes.add(new TrialNote(run, benchmark, mode, params, text));
                }
            }
        }
        return notes;
    }

    private static String note(String line) {
        Matcher s = STATS.matcher(line);
        if (s.find()) {
            long hits = Long.parseLong(s.group(1));
            long misses = Long.parseLong(s.group(2));
            long fromCache = Long.parseLong(s.group(4));
            long fromDb = Long.parseLong(s.group(5));
            if (fromCache + fromDb > 0) {
                return String.format(Locale.ROOT, "nearby from cache %,d, from DB %,d", fromCache, fromDb);
            }
            return String.format(Locale.ROOT, "hit ratio %s (%,d hits, %,d misses)",
                    hits + misses == 0 ? "—" : Fmt.num((double) hits / (hits + misses)), hits, misses);
        }
        Matcher w = WRITES.matcher(line);
        if (w.find()) {
            return String.format(Locale.ROOT, "%s writes, %s DB round trips (%s per trip); backlog %s, drained in %s s",
                    w.group(1), w.group(2), w.group(3), w.group(4), w.group(5));
        }
        return null;
    }

    private static String mode(String text) {
        if (text.startsWith("Sampling time")) {
            return "sample";
        }
        if (text.startsWith("Throughput")) {
            return "thrpt";
        }
        if (text.startsWith("Average time")) {
            return "avgt";
        }
        if (text.startsWith("Single shot")) {
            return "ss";
        }
        return text;
    }

    private static Map<String, String> params(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(text);
        while (m.find()) {
            params.put(m.group(1), m.group(2).strip());
        }
        return params;
    }
}
