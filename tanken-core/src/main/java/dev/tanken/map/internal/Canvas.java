package dev.tanken.map.internal;

import java.util.List;
import java.util.Map;

/** The few drawing operations a map needs, written once as SVG and once with Java2D. */
interface Canvas {
    /** How a shape is painted; null colours paint nothing. Colours are {@code #rrggbb}. */
    record Style(String fill, double fillOpacity, String stroke, double strokeWidth, String dash) {
        public static Style fill(String colour, double opacity) {
            return new Style(colour, opacity, null, 0, null);
        }

        public static Style stroke(String colour, double width, String dash) {
            return new Style(null, 1, colour, width, dash);
        }
    }

    void background(String colour);

    /** Subpaths as {x0, y0, x1, y1, ...}; closed ones are filled with the even-odd rule. */
    void path(List<double[]> subpaths, boolean closed, Style style, String cssClass);

    void circle(double cx, double cy, double r, Style style, String cssClass, String title);

    /** Text with a white halo so it reads over any background; anchor is start, middle or end. */
    void text(double x, double y, String text, double size, boolean bold, String colour, String anchor, String cssClass);

    void beginGroup(String id, Map<String, String> attributes);

    void endGroup();
}
