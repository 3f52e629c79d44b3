package dev.tanken.cli.internal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.consistency.WritePolicy;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/** The cache chart's legends sit beside the plots, never over the lines they name. */
class CacheChartTest {

    @Test
    void legendsDoNotCoverThePlots() throws Exception {
        List<CacheRunResult> results = new ArrayList<>();
        int[] capacities = {10, 50, 100, 200, 500};
        for (String policy : List.of("write-through", "write-around", "write-back")) {
            for (String admission : List.of("lru", "tinylfu")) {
                for (int c : capacities) {
                    double hitRatio = Math.min(0.99, c / 600.0 + (admission.equals("tinylfu") ? 0.05 : 0));
                    long hits = Math.round(hitRatio * 10_000);
                    results.add(new CacheRunResult(policy, admission, c, c / 1000.0, 10_000, 9_000, 1_000, 10_000,
                            hits, 10_000 - hits, 10_000 - hits, 0, 0.1, 0.5, 0.9, 1.2, 5_000, 0, 0, -1));
                }
            }
        }
        CacheWorkload workload = new CacheWorkload(0.9, 1.0, 1000, 1, List.of(10, 50, 100, 200, 500),
                Duration.ofMinutes(5), 1, null, 10_000, 0, List.of(WritePolicy.WRITE_THROUGH), List.of("lru"), 42);
        CacheReport report = new CacheReport(workload, results, 0);
        for (int[] size : new int[][] {{1600, 600}, {1200, 500}, {2400, 900}}) {
            for (XYChart chart : CacheChart.charts(report, size[0], size[1])) {
                BufferedImage image = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_ARGB);
                Graphics2D g = image.createGraphics();
                chart.paint(g, chart.getWidth(), chart.getHeight());
                g.dispose();
                Rectangle2D plot = bounds(chart, "getPlot");
                Rectangle2D legend = legendAsDrawn(chart);
                assertThat(legend.getWidth() * legend.getHeight()).as("the legend is drawn").isPositive();
                assertThat(plot.getWidth() * plot.getHeight()).as("the plot is drawn").isPositive();
                assertThat(legend.intersects(plot)).as("legend %s over plot %s at %dx%d", legend, plot, size[0],
                        size[1]).isFalse();
                assertThat(new Rectangle2D.Double(0, 0, chart.getWidth(), chart.getHeight()).contains(legend))
                        .as("the legend fits the picture").isTrue();
            }
        }
    }

    /** XChart lays the parts out while painting and keeps their places package-private. */
    private static Rectangle2D bounds(XYChart chart, String part) throws Exception {
        Method getter = Chart.class.getDeclaredMethod(part);
        getter.setAccessible(true);
        Object chartPart = getter.invoke(chart);
        Method getBounds = chartPart.getClass().getMethod("getBounds");
        getBounds.setAccessible(true);
        return (Rectangle2D) getBounds.invoke(chartPart);
    }

    /** The legend's bounds carry only its size; where it was drawn is in its offsets. */
    private static Rectangle2D legendAsDrawn(XYChart chart) throws Exception {
        Method getter = Chart.class.getDeclaredMethod("getLegend");
        getter.setAccessible(true);
        Object legend = getter.invoke(chart);
        Rectangle2D size = bounds(chart, "getLegend");
        Class<?> type = Class.forName("org.knowm.xchart.internal.chartpart.Legend_");
        Field x = type.getDeclaredField("xOffset");
        Field y = type.getDeclaredField("yOffset");
        x.setAccessible(true);
        y.setAccessible(true);
        return new Rectangle2D.Double(x.getDouble(legend), y.getDouble(legend), size.getWidth(), size.getHeight());
    }
}
