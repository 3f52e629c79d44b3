package dev.tanken.server.internal.web;

import dev.tanken.InvalidInputException;
import dev.tanken.map.internal.Basemap;
import dev.tanken.map.internal.Clip;
import java.util.ArrayList;
import java.util.List;

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
                throw new InvalidInputException("bbox longitudes must be -180 <= west < east <= 180, got "
                        + west + " and " + east);
            }
            if (!(south >= -90 && north <= 90 && south < north)) {
                throw new InvalidInputException("bbox latitudes must be -90 <= south < north <= 90, got "
                        + south + " and " + north);
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

    private record Shape(double[] lon, double[] lat, double west, double south, double east, double north,
            boolean border) {
        static Shape of(double[] lon, double[] lat, boolean border) {
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
            return new Shape(lon, lat, w, s, e, n, border);
        }

        boolean meets(double w, double s, double e, double n) {
            return east >= w && west <= e && north >= s && south <= n;
        }
    }

    private final List<Shape> lines = new ArrayList<>();
    private final List<Shape> rings = new ArrayList<>();

    private BasemapGeoJson(Basemap basemap) {
        for (Basemap.Arc arc : basemap.arcs()) {
            lines.add(Shape.of(arc.lon(), arc.lat(), arc.border()));
        }
        for (Basemap.Polygon polygon : basemap.polygons()) {
            for (int[] refs : polygon.rings()) {
                double[][] ring = basemap.ring(refs);
                rings.add(Shape.of(ring[0], ring[1], false));
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

        out.text.append("{\"type\":\"FeatureCollection\",\"features\":[");
        out.text.append("{\"type\":\"Feature\",\"properties\":{\"kind\":\"land\"},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
        boolean first = true;
        for (Shape ring : rings) {
            if (!ring.meets(w, s, e, n) || Math.max(ring.east - ring.west, ring.north - ring.south) < tolerance * 2) {
                continue;
            }
            double[][] thin = thin(ring.lon, ring.lat, tolerance, true);
            if (thin[0].length < 3) {
                continue;
            }
            double[] xy = clip.ring(thin[0], thin[1]);
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
            for (Shape line : lines) {
                if (line.border != border || !line.meets(w, s, e, n)) {
                    continue;
                }
                double[][] thin = thin(line.lon, line.lat, tolerance, false);
                for (double[] run : clip.line(thin[0], thin[1])) {
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

    /** Drops points closer than the tolerance to the last one kept; a line keeps its last point. */
    private static double[][] thin(double[] lon, double[] lat, double tolerance, boolean ring) {
        double[] x = new double[lon.length];
        double[] y = new double[lat.length];
        int k = 0;
        for (int i = 0; i < lon.length; i++) {
            boolean last = i == lon.length - 1;
            if (k == 0 || Math.abs(lon[i] - x[k - 1]) >= tolerance || Math.abs(lat[i] - y[k - 1]) >= tolerance
                    || (last && !ring)) {
                x[k] = lon[i];
                y[k] = lat[i];
                k++;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(x, k), java.util.Arrays.copyOf(y, k)};
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
