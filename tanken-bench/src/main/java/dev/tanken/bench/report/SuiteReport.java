package dev.tanken.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code OUT/report.md} (goals, one table per benchmark, steps, environment) and its charts
 * from what {@code tanken-bench/run-suite.sh} left in {@code OUT}:
 *
 * <pre>java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.report.SuiteReport OUT</pre>
 */
public final class SuiteReport {
    private SuiteReport() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: SuiteReport OUT_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path report = write(dir);
        System.out.println("report: " + report);
    }

    /** Reads the results in {@code dir}, writes the report and charts there; returns the report's path. */
    public static Path write(Path dir) {
        SuiteResults results = ResultReader.read(dir);
        List<Goal> goals = Goals.evaluate(results);
        Map<String, String> charts = SuiteCharts.write(results, dir);
        Path report = dir.resolve("report.md");
        try {
            Files.writeString(report, MarkdownReport.render(results, goals, charts));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + report, e);
        }
        return report;
    }
}
