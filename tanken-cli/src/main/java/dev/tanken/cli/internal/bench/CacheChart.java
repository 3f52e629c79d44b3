package dev.tanken.cli.internal.bench;

import dev.tanken.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/** Hit ratio and database load against cache size, one line per (policy, admission), side by side in one PNG. */
public final class CacheChart {
    private CacheChart() {
    }

    public static void write(CacheReport report, Path file, int width, int height) {
        List<Chart> charts = List.copyOf(charts(report, width, height));
        try {
            BitmapEncoder.saveBitmap(charts, 1, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new StorageException("cannot write the chart " + file + ": " + e.getMessage(), e);
        }
    }

    /** The two charts of the picture, side by side: hit ratio, then database load. */
    static List<XYChart> charts(CacheReport report, int width, int height) {
        Map<String, List<CacheRunResult>> series = new LinkedHashMap<>();
        for (CacheRunResult r : report.results()) {
            series.computeIfAbsent(r.policy() + " / " + r.admission(), k -> new ArrayList<>()).add(r);
        }
        String subtitle = String.format(java.util.Locale.ROOT, "Zipf %.2f, %d posts, %.0f%% reads",
                report.workload().zipf(), report.workload().keys(), report.workload().readRatio() * 100);
        XYChart hits = chart(width / 2, height, "Hit ratio (" + subtitle + ")", "hit ratio");
        XYChart load = chart(width - width / 2, height, "Database load", "DB round trips per 1000 ops");
        for (Map.Entry<String, List<CacheRunResult>> e : series.entrySet()) {
            List<CacheRunResult> rows = new ArrayList<>(e.getValue());
            rows.sort(java.util.Comparator.comparingInt(CacheRunResult::capacity));
            double[] x = rows.stream().mapToDouble(r -> r.capacityShare() * 100).toArray();
            hits.addSeries(e.getKey(), x, rows.stream().mapToDouble(CacheRunResult::hitRatio).toArray());
            load.addSeries(e.getKey(), x, rows.stream().mapToDouble(CacheRunResult::roundTripsPer1000Ops).toArray());
        }
        List<CacheRunResult> sorted = new ArrayList<>(report.results());
        sorted.sort(java.util.Comparator.comparingInt(CacheRunResult::capacity));
        double[] x = sorted.stream().mapToInt(CacheRunResult::capacity).distinct()
                .mapToDouble(c -> c * 100.0 / report.workload().keys()).toArray();
        double[] ideal = sorted.stream().mapToInt(CacheRunResult::capacity).distinct()
                .mapToDouble(report::idealHitRatio).toArray();
        hits.addSeries("ideal (top posts pinned)", x, ideal);
        return List.of(hits, load);
    }

    private static XYChart chart(int width, int height, String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("cache size (% of posts)").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }
}
