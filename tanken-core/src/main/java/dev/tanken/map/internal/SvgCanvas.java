package dev.tanken.map.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes SVG by hand: the format is plain XML and a map needs six element types, so a library
 * (Batik: a dozen jars, several MB) would only add start-up time and size. Text is escaped, numbers
 * are written with one decimal (a tenth of a pixel), which keeps a city map to a few hundred KB.
 */
public final class SvgCanvas implements Canvas {
    private final StringBuilder svg = new StringBuilder(1 << 16);
    private final int width;
    private final int height;

    public SvgCanvas(int width, int height) {
        this.width = width;
        this.height = height;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\">\n");
    }

    /** The finished document. */
    public String finish() {
        return svg + "</svg>\n";
    }

    @Override
    public void background(String colour) {
        svg.append("<rect class=\"sea\" x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"").append(colour).append("\"/>\n");
    }

    @Override
    public void path(List<double[]> subpaths, boolean closed, Style style, String cssClass) {
        if (subpaths.isEmpty()) {
            return;
        }
        svg.append("<path class=\"").append(cssClass).append("\" d=\"");
        for (double[] p : subpaths) {
            for (int i = 0; i < p.length; i += 2) {
                svg.append(i == 0 ? 'M' : 'L').append(n(p[i])).append(',').append(n(p[i + 1]));
            }
            if (closed) {
                svg.append('Z');
            }
        }
        svg.append('"');
        style(style, closed);
        if (closed) {
            svg.append(" fill-rule=\"evenodd\"");
        }
        svg.append("/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Style style, String cssClass, String title) {
        svg.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(n(cx)).append("\" cy=\"")
                .append(n(cy)).append("\" r=\"").append(n(r)).append('"');
        style(style, true);
        if (title == null) {
            svg.append("/>\n");
        } else {
            svg.append("><title>").append(escape(title)).append("</title></circle>\n");
        }
    }

    @Override
    public void text(double x, double y, String text, double size, boolean bold, String colour, String anchor,
            String cssClass) {
        svg.append("<text class=\"").append(cssClass).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" font-size=\"").append(n(size)).append('"').append(bold ? " font-weight=\"bold\"" : "")
                .append(" text-anchor=\"").append(anchor).append("\" fill=\"").append(colour)
                .append("\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">")
                .append(escape(text)).append("</text>\n");
    }

    @Override
    public void beginGroup(String id, Map<String, String> attributes) {
        svg.append("<g id=\"").append(escape(id)).append('"');
        attributes.forEach((k, v) -> svg.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        svg.append(">\n");
    }

    @Override
    public void endGroup() {
        svg.append("</g>\n");
    }

    private void style(Style s, boolean fillable) {
        svg.append(" fill=\"").append(s.fill() == null || !fillable ? "none" : s.fill()).append('"');
        if (s.fill() != null && s.fillOpacity() < 1) {
            svg.append(" fill-opacity=\"").append(n(s.fillOpacity())).append('"');
        }
        if (s.stroke() != null) {
            svg.append(" stroke=\"").append(s.stroke()).append("\" stroke-width=\"").append(n(s.strokeWidth()))
                    .append("\" stroke-linejoin=\"round\"");
            if (s.dash() != null) {
                svg.append(" stroke-dasharray=\"").append(s.dash()).append('"');
            }
        }
    }

    /** A coordinate as the SVG writes it: one decimal, none when it is whole. */
    public static String number(double v) {
        return n(v);
    }

    private static String n(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
