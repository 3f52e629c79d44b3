package dev.tanken.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The report's PNG charts: nearby p50 by backend and area, write throughput by policy and operation. */
public final class SuiteCharts {
    static final String NEARBY_FILE = "nearby-p50.png";
    static final String WRITES_FILE = "writes-throughput.png";

    private SuiteCharts() {
    }

    /** Writes the charts there is data for; returns their file names by benchmark. */
    public static Map<String, String> write(SuiteResults results, Path dir) {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> written = new LinkedHashMap<>();
        List<JmhRow> nearby = results.jmh(Goals.NEARBY).stream().filter(JmhRow::isSample).toList();
        if (!nearby.isEmpty()) {
            int posts = nearby.stream().mapToInt(r -> Integer.parseInt(r.params().getOrDefault("posts", "0"))).max()
                    .orElse(0);
            List<JmhRow> rows = nearby.stream()
                    .filter(r -> Integer.parseInt(r.params().getOrDefault("posts", "0")) == posts).toList();
            CategoryChart chart = chart(String.format(java.util.Locale.ROOT,
                    "Nearby, 20 results within 1 km, %,d posts: p50 (lower is better)", posts), "backend", "p50 ms");
            if (spread(rows, JmhRow::p50Millis) > 20) {
                // Bars start at 0, which a logarithmic axis cannot show: start it at the power of ten below.
                double min = rows.stream().mapToDouble(JmhRow::p50Millis).filter(v -> v > 0).min().orElse(1);
                chart.getStyler().setYAxisLogarithmic(true);
                chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
            }
            add(chart, rows, r -> r.param("backend"), r -> r.param("area"), JmhRow::p50Millis);
            save(chart, dir.resolve(NEARBY_FILE));
            written.put(Goals.NEARBY, NEARBY_FILE);
        }
        List<JmhRow> writes = results.jmh(Goals.WRITES).stream().filter(r -> r.mode().equals("thrpt")).toList();
        if (!writes.isEmpty()) {
            CategoryChart chart = chart("Writes, one client thread: throughput (higher is better)", "operation",
                    "client writes/s");
            chart.getStyler().setDecimalPattern("#,##0"); // whole writes per second on the bars
            add(chart, writes, r -> r.param("op"), r -> r.param("policy"), JmhRow::opsPerSecond);
            save(chart, dir.resolve(WRITES_FILE));
            written.put(Goals.WRITES, WRITES_FILE);
        }
        return written;
    }

    private static CategoryChart chart(String title, String x, String y) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title).xAxisTitle(x)
                .yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        return chart;
    }

    /** One series per {@code series} value over the {@code category} values; a missing pair is a gap. */
    private static void add(CategoryChart chart, List<JmhRow> rows, Function<JmhRow, String> category,
            Function<JmhRow, String> series, ToDoubleFunction<JmhRow> value) {
        Set<String> categories = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> {
            categories.add(category.apply(r));
            names.add(series.apply(r));
        });
        for (String name : names) {
            // Each series lists only its own categories: a null (missing pair) breaks a logarithmic axis.
            List<String> xs = new ArrayList<>();
            List<Number> ys = new ArrayList<>();
            for (String c : categories) {
                rows.stream().filter(r -> c.equals(category.apply(r)) && name.equals(series.apply(r)))
                        .reduce((a, b) -> b).ifPresent(r -> {
                            xs.add(c);
                            ys.add(value.applyAsDouble(r));
                        });
            }
            chart.addSeries(name, xs, ys);
        }
    }

    private static double spread(List<JmhRow> rows, ToDoubleFunction<JmhRow> value) {
        double min = rows.stream().mapToDouble(value).filter(v -> v > 0).min().orElse(1);
        double max = rows.stream().mapToDouble(value).max().orElse(1);
        return max / min;
    }

    private static void save(CategoryChart chart, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + file, e);
        }
    }
}
