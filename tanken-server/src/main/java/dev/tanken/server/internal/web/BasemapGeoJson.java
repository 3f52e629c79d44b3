package dev.tanken.server.internal.web;

import dev.tanken.InvalidInputException;
import dev.tanken.map.internal.Basemap;
import dev.tanken.map.internal.Clip;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The bundled Natural Earth basemap as GeoJSON for one view: land (a MultiPolygon), coastlines and
 * borders (MultiLineStrings), cut to the view's box and thinned to about a pixel at its zoom, so a
 * city view carries a few kilobytes instead of a continent's outline.
 */
public final class BasemapGeoJson {
    public static final int MAX_ZOOM = 20;

    /** A view in degrees; west may exceed east only never: the page asks for boxes within ±180. */
    public record Box(double west, double south, double east, double north) {
        public Box {
            if (!(west >= -180 && east <= 180 && west < east)) {
                throw new InvalidInputException("bbox longitudes must lie from -180 to 180 with west less than "
                        + "east, got " + west + " and " + east);
            }
            if (!(south >= -90 && north <= 90 && south < north)) {
                throw new InvalidInputException("bbox latitudes must lie from -90 to 90 with south less than "
                        + "north, got " + south + " and " + north);
            }
        }

        /** {@code west,south,east,north}, clamped to the globe. */
        public static Box parse(String text) {
            if (text == null) {
                throw new InvalidInputException("bbox is required: west,south,east,north in degrees");
            }
            String[] parts = text.split(",", -1);
            if (parts.length != 4) {
                throw new InvalidInputException("bbox must be west,south,east,north in degrees, got '"
                        + clip(text) + "'");
            }
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) {
                try {
                    v[i] = Double.parseDouble(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("bbox must be four numbers, got '" + clip(text) + "'");
                }
                if (!Double.isFinite(v[i])) {
                    throw new InvalidInputException("bbox must be four finite numbers, got '" + clip(text) + "'");
                }
            }
            return new Box(Math.max(-180, v[0]), Math.max(-90, v[1]), Math.min(180, v[2]), Math.min(90, v[3]));
        }
    }

    /** A bounding box in degrees. */
    private record Extent(double west, double south, double east, double north) {
        static Extent of(double[] lon, double[] lat) {
            double w = Double.MAX_VALUE;
            double s = Double.MAX_VALUE;
            double e = -Double.MAX_VALUE;
            double n = -Double.MAX_VALUE;
            for (int i = 0; i < lon.length; i++) {
                w = Math.min(w, lon[i]);
                e = Math.max(e, lon[i]);
                s = Math.min(s, lat[i]);
                n = Math.max(n, lat[i]);
            }
            return new Extent(w, s, e, n);
        }

        Extent union(Extent o) {
            return new Extent(Math.min(west, o.west), Math.min(south, o.south), Math.max(east, o.east),
                    Math.max(north, o.north));
        }

        boolean meets(double w, double s, double e, double n) {
            return east >= w && west <= e && north >= s && south <= n;
        }

        double size() {
            return Math.max(east - west, north - south);
        }
    }

    /** A ring of a country: arc references (TopoJSON's: {@code ~i} is arc i reversed). */
    private record Ring(int[] refs, Extent extent) {
    }

    private final List<Basemap.Arc> arcs;
    private final List<Extent> arcExtents = new ArrayList<>();
    private final List<Ring> rings = new ArrayList<>();

    private BasemapGeoJson(Basemap basemap) {
        this.arcs = basemap.arcs();
        for (Basemap.Arc arc : arcs) {
            arcExtents.add(Extent.of(arc.lon(), arc.lat()));
        }
        for (Basemap.Polygon polygon : basemap.polygons()) {
            for (int[] refs : polygon.rings()) {
                Extent extent = null;
                for (int ref : refs) {
                    Extent e = arcExtents.get(ref < 0 ? ~ref : ref);
                    extent = extent == null ? e : extent.union(e);
                }
                if (extent != null) {
                    rings.add(new Ring(refs, extent));
                }
            }
        }
    }

    private static final class Holder {
        static final BasemapGeoJson INSTANCE = new BasemapGeoJson(Basemap.bundled());
    }

    public static BasemapGeoJson bundled() {
        return Holder.INSTANCE;
    }

    /** Degrees a pixel spans at this zoom of a 256-pixel Web Mercator tile pyramid (at the equator). */
    public static double degreesPerPixel(int zoom) {
        if (zoom < 0 || zoom > MAX_ZOOM) {
            throw new InvalidInputException("zoom must be 0 to " + MAX_ZOOM + ", got " + zoom);
        }
        return 360.0 / (256.0 * (1L << zoom));
    }

    /** A FeatureCollection of three features, {@code kind} land, coast and border. */
    public String render(Box box, int zoom) {
        double tolerance = degreesPerPixel(zoom);
        int decimals = (int) Math.max(2, Math.min(6, Math.ceil(-Math.log10(tolerance)) + 1));
        double margin = tolerance * 4;
        double w = box.west() - margin;
        double s = box.south() - margin;
        double e = box.east() + margin;
        double n = box.north() + margin;
        Clip clip = new Clip(w, s, e, n);
        Numbers out = new Numbers(decimals);
        // Arcs are thinned once each and shared by the rings on both sides and the line, as in
        // TopoJSON, so neighbouring countries still meet after thinning.
        Map<Integer, double[][]> thinned = new HashMap<>();
        IntFunction<double[][]> arc = i -> thinned.computeIfAbsent(i, k -> simplify(arcs.get(k), tolerance));

        out.text.append("{\"type\":\"FeatureCollection\",\"features\":[");
        out.text.append("{\"type\":\"Feature\",\"properties\":{\"kind\":\"land\"},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
        boolean first = true;
        for (Ring ring : rings) {
            if (!ring.extent().meets(w, s, e, n) || ring.extent().size() < tolerance * 2) {
                continue;
            }
            double[][] points = join(ring.refs(), arc);
            if (points[0].length < 4) {
                continue;
            }
            double[] xy = clip.ring(points[0], points[1]);
            if (xy.length < 6) {
                continue;
            }
            out.text.append(first ? "" : ",").append("[[");
            first = false;
            for (int i = 0; i < xy.length; i += 2) {
                out.point(i > 0, xy[i], xy[i + 1]);
            }
            out.point(true, xy[0], xy[1]);
            out.text.append("]]");
        }
        out.text.append("]}}");
        for (boolean border : new boolean[] {false, true}) {
            out.text.append(",{\"type\":\"Feature\",\"properties\":{\"kind\":\"").append(border ? "border" : "coast")
                    .append("\"},\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[");
            first = true;
            for (int a = 0; a < arcs.size(); a++) {
                Extent extent = arcExtents.get(a);
                if (arcs.get(a).border() != border || !extent.meets(w, s, e, n) || extent.size() < tolerance) {
                    continue;
                }
                double[][] line = arc.apply(a);
                for (double[] run : clip.line(line[0], line[1])) {
                    out.text.append(first ? "" : ",").append('[');
                    first = false;
                    for (int i = 0; i < run.length; i += 2) {
                        out.point(i > 0, run[i], run[i + 1]);
                    }
                    out.text.append(']');
                }
            }
            out.text.append("]}}");
        }
        return out.text.append("]}").toString();
    }

    /** The points of a ring from its thinned arcs; each arc after the first drops its shared first point. */
    private static double[][] join(int[] refs, IntFunction<double[][]> arc) {
        int total = 0;
        for (int ref : refs) {
            total += arc.apply(ref < 0 ? ~ref : ref)[0].length;
        }
        double[] lon = new double[total];
        double[] lat = new double[total];
        int k = 0;
        for (int ref : refs) {
            double[][] points = arc.apply(ref < 0 ? ~ref : ref);
            int len = points[0].length;
            for (int j = k == 0 ? 0 : 1; j < len; j++) {
                int i = ref < 0 ? len - 1 - j : j;
                lon[k] = points[0][i];
                lat[k] = points[1][i];
                k++;
            }
        }
        return new double[][] {Arrays.copyOf(lon, k), Arrays.copyOf(lat, k)};
    }

    /** Douglas–Peucker: the fewest points that stay within the tolerance of the arc; ends kept. */
    private static double[][] simplify(Basemap.Arc arc, double tolerance) {
        double[] x = arc.lon();
        double[] y = arc.lat();
        int n = x.length;
        if (n <= 2) {
            return new double[][] {x, y};
        }
        boolean[] keep = new boolean[n];
        keep[0] = true;
        keep[n - 1] = true;
        Deque<int[]> spans = new ArrayDeque<>();
        spans.push(new int[] {0, n - 1});
        double limit = tolerance * tolerance;
        while (!spans.isEmpty()) {
            int[] span = spans.pop();
            int a = span[0];
            int b = span[1];
            double dx = x[b] - x[a];
            double dy = y[b] - y[a];
            double length = dx * dx + dy * dy;
            double farthest = -1;
            int index = -1;
            for (int i = a + 1; i < b; i++) {
                double d;
                if (length == 0) {
                    d = (x[i] - x[a]) * (x[i] - x[a]) + (y[i] - y[a]) * (y[i] - y[a]);
                } else {
                    double cross = dx * (y[i] - y[a]) - dy * (x[i] - x[a]);
                    d = cross * cross / length;
                }
                if (d > farthest) {
                    farthest = d;
                    index = i;
                }
            }
            if (index > 0 && farthest > limit) {
                keep[index] = true;
                spans.push(new int[] {a, index});
                spans.push(new int[] {index, b});
            }
        }
        int k = 0;
        double[] lon = new double[n];
        double[] lat = new double[n];
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                lon[k] = x[i];
                lat[k] = y[i];
                k++;
            }
        }
        return new double[][] {Arrays.copyOf(lon, k), Arrays.copyOf(lat, k)};
    }

    /** Coordinates rounded to what the zoom can show, written without a formatter per number. */
    private static final class Numbers {
        final StringBuilder text = new StringBuilder(1 << 16);
        final int decimals;
        final long scale;

        Numbers(int decimals) {
            this.decimals = decimals;
            this.scale = (long) Math.pow(10, decimals);
        }

        void point(boolean comma, double lon, double lat) {
            text.append(comma ? ",[" : "[");
            number(lon);
            text.append(',');
            number(lat);
            text.append(']');
        }

        void number(double v) {
            long r = Math.round(v * scale);
            if (r < 0) {
                text.append('-');
                r = -r;
            }
            text.append(r / scale);
            long fraction = r % scale;
            if (fraction != 0) {
                String digits = Long.toString(fraction);
                text.append('.');
                for (int i = digits.length(); i < decimals; i++) {
                    text.append('0');
                }
                int end = digits.length();
                while (digits.charAt(end - 1) == '0') {
                    end--;
                }
                text.append(digits, 0, end);
            }
        }
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
