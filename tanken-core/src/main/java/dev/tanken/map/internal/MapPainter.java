package dev.tanken.map.internal;

import dev.tanken.discover.Hotspot;
import dev.tanken.map.MapScene;
import dev.tanken.map.internal.Canvas.Style;
import dev.tanken.model.GeoPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Draws a {@link MapScene} on a {@link Canvas}: sea, land, borders, posts, hotspots, labels, scale bar. */
public final class MapPainter {
    public static final String SEA = "#cfe3f3";
    public static final String LAND = "#f4f1e8";
    public static final String COAST = "#6f93b8";
    public static final String BORDER = "#a0968a";
    public static final String POST = "#3c4a5c";
    public static final String HOTSPOT = "#e4572e";
    public static final String TEXT = "#1d2733";
    public static final double MIN_HOTSPOT_RADIUS = 7;
    public static final double MAX_HOTSPOT_RADIUS = 26;
    static final double MARGIN = 24;

    private final int width;
    private final int height;

    public MapPainter(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Pixels per metre that fit the scene's circle into the picture with a margin. */
    public double pixelsPerMeter(MapScene scene) {
        return (Math.min(width, height) / 2.0 - MARGIN) / scene.radiusMeters();
    }

    public Projection projection(MapScene scene) {
        return new Projection(scene.center(), pixelsPerMeter(scene), width, height);
    }

    /** Radius in pixels of a hotspot's disc: its area grows with its score, up to the best one's. */
    public static double hotspotRadius(double score, double bestScore) {
        double share = bestScore > 0 ? Math.max(0, score) / bestScore : 1;
        return MIN_HOTSPOT_RADIUS + (MAX_HOTSPOT_RADIUS - MIN_HOTSPOT_RADIUS) * Math.sqrt(share);
    }

    public void paint(MapScene scene, Basemap basemap, Canvas canvas) {
        Projection proj = projection(scene);
        Clip clip = new Clip(-10, -10, width + 10, height + 10);
        canvas.background(SEA);

        List<double[]> land = new ArrayList<>();
        for (Basemap.Polygon polygon : basemap.polygons()) {
            for (int[] refs : polygon.rings()) {
                double[][] ring = basemap.ring(refs);
                double[][] xy = project(proj, ring[0], ring[1]);
                if (xy == null || !overlaps(xy)) {
                    continue;
                }
                double[] clipped = clip.ring(xy[0], xy[1]);
                if (clipped.length >= 6) {
                    land.add(clipped);
                }
            }
        }
        canvas.path(land, true, Style.fill(LAND, 1), "land");

        List<double[]> coast = new ArrayList<>();
        List<double[]> borders = new ArrayList<>();
        for (Basemap.Arc arc : basemap.arcs()) {
            double[][] xy = project(proj, arc.lon(), arc.lat());
            if (xy != null && overlaps(xy)) {
                (arc.border() ? borders : coast).addAll(clip.line(xy[0], xy[1]));
            }
        }
        canvas.path(coast, false, Style.stroke(COAST, 1.2, null), "coast");
        canvas.path(borders, false, Style.stroke(BORDER, 1.2, "5 3"), "border");

        // The search circle.
        double r = scene.radiusMeters() * proj.pixelsPerMeter();
        canvas.circle(width / 2.0, height / 2.0, r, Style.stroke("#5a6b7d", 1, "2 4"), "radius", null);

        canvas.beginGroup("posts", Map.of("data-count", Integer.toString(scene.posts().size())));
        for (GeoPoint p : scene.posts()) {
            canvas.circle(proj.x(p), proj.y(p), 2.5, Style.fill(POST, 0.55), "post", null);
        }
        canvas.endGroup();

        Layout layout = layout(scene);
        List<Hotspot> spots = scene.hotspots();
        canvas.beginGroup("hotspots", Map.of("data-count", Integer.toString(spots.size())));
        // Worst first, so the best is drawn on top.
        for (int i = spots.size() - 1; i >= 0; i--) {
            Hotspot h = spots.get(i);
            MapLayout.Disc d = layout.discs().get(i);
            canvas.circle(d.x(), d.y(), d.r(), new Style(HOTSPOT, 0.72, "#ffffff", 1.5, null), "hotspot",
                    (i + 1) + ". " + (h.placeName() == null ? "" : h.placeName()) + " — " + h.posts() + " posts by "
                            + h.posters() + " posters, score " + String.format(Locale.ROOT, "%.2f", h.score()));
        }
        canvas.endGroup();
        canvas.beginGroup("labels", Map.of());
        for (int i = 0; i < spots.size(); i++) {
            MapLayout.Disc d = layout.discs().get(i);
            canvas.text(d.x(), d.y() + 4, Integer.toString(i + 1), 11, true, TEXT, "middle", "rank");
            MapLayout.Label label = layout.labels().get(i);
            if (label != null) {
                canvas.text(label.x(), label.baseline(), label.text(), LABEL_SIZE, false, TEXT, label.anchor(), "label");
            }
        }
        canvas.endGroup();

        scaleBar(proj, canvas);
        if (!scene.title().isEmpty()) {
            canvas.text(MARGIN / 2, 22, scene.title(), TITLE_SIZE, true, TEXT, "start", "title");
        }
        canvas.text(width - 6, height - 6, ATTRIBUTION, 10, false, "#4a5563", "end", "attribution");
        legend(layout.legend(), scene, canvas);
    }

    static final double LABEL_SIZE = 13;
    static final double TITLE_SIZE = 15;
    static final double LEGEND_SIZE = 11;
    static final String ATTRIBUTION = "Basemap: Natural Earth. Places: GeoNames (CC BY 4.0).";
    private static final double LEGEND_ROW = 18;

    /**
     * Where the hotspots' discs, their labels and the legend go. {@code labels} has one element per
     * hotspot, in rank order: null for a label that had no free place.
     */
    public record Layout(List<MapLayout.Disc> discs, List<MapLayout.Label> labels, MapLayout.Box legend,
            List<MapLayout.Box> reserved) {
    }

    public Layout layout(MapScene scene) {
        Projection proj = projection(scene);
        List<Hotspot> spots = scene.hotspots();
        double best = spots.stream().mapToDouble(Hotspot::score).max().orElse(0);
        List<MapLayout.Disc> discs = new ArrayList<>();
        for (Hotspot h : spots) {
            discs.add(new MapLayout.Disc(proj.x(h.center()), proj.y(h.center()), hotspotRadius(h.score(), best)));
        }
        MapLayout layout = new MapLayout(width, height, discs);
        if (!scene.title().isEmpty()) {
            layout.reserve(MapLayout.textBox(scene.title(), TITLE_SIZE, true, MARGIN / 2, 22, "start"));
        }
        layout.reserve(MapLayout.textBox(ATTRIBUTION, 10, false, width - 6, height - 6, "end"));
        double bar = niceLength(width / 5.0 / proj.pixelsPerMeter()) * proj.pixelsPerMeter();
        layout.reserve(new MapLayout.Box(MARGIN / 2 - 3, height - MARGIN / 2 - 22, MARGIN / 2 + bar + 3,
                height - MARGIN / 2 + 3));
        List<String> rows = legendRows(scene);
        double legendWidth = rows.stream().mapToDouble(t -> MapLayout.textWidth(t, LEGEND_SIZE, false)).max().orElse(0)
                + 40;
        MapLayout.Box legend = layout.placeBox(legendWidth, rows.size() * LEGEND_ROW + 10, 8, 22, 34);
        List<MapLayout.Label> labels = new ArrayList<>();
        for (int i = 0; i < spots.size(); i++) {
            Hotspot h = spots.get(i);
            String name = h.placeName() == null ? "(no place name)" : shortName(h.placeName());
            labels.add(layout.placeBeside(discs.get(i), name, LABEL_SIZE));
        }
        return new Layout(List.copyOf(discs), java.util.Collections.unmodifiableList(labels), legend, layout.reserved());
    }

    private static List<String> legendRows(MapScene scene) {
        List<String> rows = new ArrayList<>();
        rows.add("a post");
        rows.add("hotspot by rank; area grows with score");
        rows.add("search radius, " + formatLength(niceRadius(scene.radiusMeters())));
        return rows;
    }

    private static double niceRadius(double meters) {
        return meters >= 1000 ? Math.round(meters / 100) * 100.0 : Math.round(meters);
    }

    /** A white box in a free corner: a sample of each mark the map draws and what it means. */
    private void legend(MapLayout.Box box, MapScene scene, Canvas canvas) {
        canvas.beginGroup("legend", Map.of());
        canvas.path(List.of(new double[] {box.left(), box.top(), box.right(), box.top(), box.right(), box.bottom(),
            box.left(), box.bottom()}), true, new Style("#ffffff", 0.88, "#a0a8b2", 0.8, null), "legend-box");
        List<String> rows = legendRows(scene);
        double sx = box.left() + 16;
        for (int i = 0; i < rows.size(); i++) {
            double cy = box.top() + 5 + LEGEND_ROW * (i + 0.5);
            switch (i) {
                case 0 -> canvas.circle(sx, cy, 2.5, Style.fill(POST, 0.8), "legend-post", null);
                case 1 -> canvas.circle(sx, cy, 7, new Style(HOTSPOT, 0.72, "#ffffff", 1.5, null), "legend-hotspot", null);
                default -> canvas.path(List.of(new double[] {sx - 9, cy, sx + 9, cy}), false,
                        Style.stroke("#5a6b7d", 1, "2 4"), "legend-radius");
            }
            canvas.text(sx + 14, cy + 4, rows.get(i), LEGEND_SIZE, false, TEXT, "start", "legend-label");
        }
        canvas.endGroup();
    }

    /** A label keeps the first part of a gazetteer label ("Tokyo, Japan" stays, longer ones lose the tail). */
    private static String shortName(String name) {
        return name.length() <= 40 ? name : name.substring(0, 39) + "…";
    }

    private void scaleBar(Projection proj, Canvas canvas) {
        double meters = niceLength(width / 5.0 / proj.pixelsPerMeter());
        double px = meters * proj.pixelsPerMeter();
        double x0 = MARGIN / 2;
        double y0 = height - MARGIN / 2;
        String label = formatLength(meters);
        canvas.beginGroup("scale-bar", Map.of("data-meters", trim(meters), "data-pixels",
                String.format(Locale.ROOT, "%.3f", px)));
        List<double[]> bar = List.of(new double[] {x0, y0 - 6, x0, y0, x0 + px, y0, x0 + px, y0 - 6});
        canvas.path(bar, false, Style.stroke("#ffffff", 4, null), "scale-halo");
        canvas.path(bar, false, Style.stroke(TEXT, 1.5, null), "scale-line");
        canvas.text(x0 + px / 2, y0 - 8, label, 11, false, TEXT, "middle", "scale-label");
        canvas.endGroup();
    }

    /** The largest 1, 2 or 5 × 10^k metres not above {@code meters}. */
    public static double niceLength(double meters) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(meters)));
        for (double step : new double[] {5, 2, 1}) {
            if (step * magnitude <= meters) {
                return step * magnitude;
            }
        }
        return magnitude;
    }

    public static String formatLength(double meters) {
        return meters >= 1000 ? trim(meters / 1000) + " km" : trim(meters) + " m";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Projected points, or null when the line jumps half-way round the world (it is then not on this map). */
    private static double[][] project(Projection proj, double[] lon, double[] lat) {
        double[] xs = new double[lon.length];
        double[] ys = new double[lon.length];
        double jump = proj.halfWorldPixels();
        for (int i = 0; i < lon.length; i++) {
            xs[i] = proj.x(lon[i]);
            ys[i] = proj.y(lat[i]);
            if (i > 0 && Math.abs(xs[i] - xs[i - 1]) > jump) {
                return null;
            }
        }
        return new double[][] {xs, ys};
    }

    private boolean overlaps(double[][] xy) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xy[0].length; i++) {
            minX = Math.min(minX, xy[0][i]);
            maxX = Math.max(maxX, xy[0][i]);
            minY = Math.min(minY, xy[1][i]);
            maxY = Math.max(maxY, xy[1][i]);
        }
        return maxX >= 0 && minX <= width && maxY >= 0 && minY <= height;
    }
}
