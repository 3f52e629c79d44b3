package dev.tanken.map;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.discover.Hotspot;
import dev.tanken.map.internal.Basemap;
import dev.tanken.map.internal.Java2dCanvas;
import dev.tanken.map.internal.MapPainter;
import dev.tanken.map.internal.SvgCanvas;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws maps of posts and hotspots from data alone (no tile server): sea and land with coastlines
 * and country borders from Natural Earth, post positions as dots, hotspots as numbered discs whose
 * area grows with their score, labelled with their place names, a scale bar and the attribution.
 * The same painter writes SVG and paints PNG, so both show the same map.
 *
 * <p>The coastline data is 1:10 million: exact enough for a region, about a kilometre off at street
 * scale.
 */
public final class MapRenderer {
    public static final int DEFAULT_WIDTH = 1024;
    public static final int DEFAULT_HEIGHT = 768;
    public static final int MAX_SIDE = 8192;

    private final int width;
    private final int height;

    public MapRenderer(int width, int height) {
        if (width < 100 || height < 100 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new InvalidInputException("a map must be 100 to " + MAX_SIDE + " pixels on each side, got "
                    + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    public MapRenderer() {
        this(DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    public byte[] render(MapScene scene, MapFormat format) {
        return switch (format) {
            case SVG -> svg(scene).getBytes(StandardCharsets.UTF_8);
            case PNG -> png(scene);
            case HTML -> html(scene).getBytes(StandardCharsets.UTF_8);
        };
    }

    public String svg(MapScene scene) {
        SvgCanvas canvas = new SvgCanvas(width, height);
        new MapPainter(width, height).paint(scene, Basemap.bundled(), canvas);
        return canvas.finish();
    }

    public BufferedImage image(MapScene scene) {
        Java2dCanvas canvas = new Java2dCanvas(width, height);
        new MapPainter(width, height).paint(scene, Basemap.bundled(), canvas);
        return canvas.finish();
    }

    public byte[] png(MapScene scene) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image(scene), "png", out);
        } catch (IOException e) {
            throw new StorageException("cannot encode the map as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** A self-contained page: the SVG map, then a table of its hotspots. */
    public String html(MapScene scene) {
        StringBuilder html = new StringBuilder();
        String title = scene.title().isEmpty() ? "Tanken map" : scene.title();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(SvgCanvas.escape(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:1.5em;color:#1d2733}")
                .append("table{border-collapse:collapse;margin-top:1em}")
                .append("th,td{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}")
                .append("td.n{text-align:right}</style>\n</head>\n<body>\n<h1>").append(SvgCanvas.escape(title))
                .append("</h1>\n").append(svg(scene)).append("<table class=\"hotspots\">\n<tr><th>#</th><th>Place</th>")
                .append("<th>Posts</th><th>Posters</th><th>Score</th><th>Top tags</th></tr>\n");
        List<Hotspot> spots = scene.hotspots();
        for (int i = 0; i < spots.size(); i++) {
            Hotspot h = spots.get(i);
            html.append("<tr><td class=\"n\">").append(i + 1).append("</td><td>")
                    .append(SvgCanvas.escape(h.placeName() == null ? "" : h.placeName())).append("</td><td class=\"n\">")
                    .append(h.posts()).append("</td><td class=\"n\">").append(h.posters()).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%.2f", h.score())).append("</td><td>")
                    .append(SvgCanvas.escape(String.join(" ", h.topTags().stream().map(t -> "#" + t).toList())))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<p><small>Basemap: Natural Earth (public domain). Place names: GeoNames, ")
                .append("CC BY 4.0.</small></p>\n</body>\n</html>\n");
        return html.toString();
    }
}
