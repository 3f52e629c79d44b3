package dev.tanken.map;

import dev.tanken.InvalidInputException;
import java.util.Locale;

/** The picture formats a map is written in. */
public enum MapFormat {
    /** Vector, with groups and classes a program can read back (circle.hotspot, text.label, g#scale-bar). */
    SVG,
    /** A raster picture, for anything that cannot show SVG. */
    PNG,
    /** A page that embeds the SVG above a table of the hotspots. */
    HTML;

    /** The format a file name's extension names: {@code .svg}, {@code .png}, {@code .html} or {@code .htm}. */
    public static MapFormat ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".svg")) {
            return SVG;
        }
        if (lower.endsWith(".png")) {
            return PNG;
        }
        if (lower.endsWith(".html") || lower.endsWith(".htm")) {
            return HTML;
        }
        throw new InvalidInputException("cannot tell the map format of '" + fileName + "': use .svg, .png or .html");
    }
}
