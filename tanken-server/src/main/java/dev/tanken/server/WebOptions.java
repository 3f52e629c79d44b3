package dev.tanken.server;

import dev.tanken.InvalidInputException;
import dev.tanken.model.GeoPoint;
import java.net.URI;
import java.util.Objects;

/**
 * The web page at {@code /}: where its map's tiles come from and where it opens.
 *
 * @param tilesUrl an XYZ tile URL template with {@code {z}}, {@code {x}} and {@code {y}} (and
 *     optionally {@code {s}} for subdomains), or null for no tiles: the page then draws the Natural
 *     Earth basemap the server bundles, as it also does when tiles fail to load
 * @param tilesAttribution the credit the tiles' licence asks for, shown on the map
 * @param center where the map opens when the browser gives no location and the URL names none
 */
public record WebOptions(String tilesUrl, String tilesAttribution, GeoPoint center) {
    public static final String OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public static final String OSM_ATTRIBUTION =
            "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors";
    /** Tokyo Station. */
    public static final GeoPoint DEFAULT_CENTER = GeoPoint.of(35.6812, 139.7671);

    public WebOptions {
        Objects.requireNonNull(center, "center");
        if (tilesUrl != null) {
            tilesUrl = tilesUrl.strip();
            requireTemplate(tilesUrl);
            tilesAttribution = tilesAttribution == null ? "" : tilesAttribution.strip();
        } else {
            tilesAttribution = "";
        }
    }

    /** OpenStreetMap's tiles, opening on Tokyo Station. */
    public static WebOptions defaults() {
        return new WebOptions(OSM_TILES, OSM_ATTRIBUTION, DEFAULT_CENTER);
    }

    /** No tiles: the bundled basemap only (what a machine without the internet needs). */
    public static WebOptions offline() {
        return new WebOptions(null, null, DEFAULT_CENTER);
    }

    /**
     * The {@code --tiles} value: {@code none}, or a URL template; OpenStreetMap's keeps its
     * attribution, another gets {@code attribution} (which may be null).
     */
    public static WebOptions parseTiles(String value, String attribution, GeoPoint center) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("--tiles must be a tile URL template such as " + OSM_TILES + ", or none");
        }
        if (value.strip().equalsIgnoreCase("none")) {
            return new WebOptions(null, null, center);
        }
        String credit = attribution != null ? attribution : value.strip().equals(OSM_TILES) ? OSM_ATTRIBUTION : "";
        return new WebOptions(value, credit, center);
    }

    public WebOptions withCenter(GeoPoint newCenter) {
        return new WebOptions(tilesUrl, tilesAttribution, newCenter);
    }

    /** The scheme, host and port the tiles come from, or null without tiles. */
    public String tilesOrigin() {
        if (tilesUrl == null) {
            return null;
        }
        URI uri = URI.create(tilesUrl.replace("{s}", "a").replaceAll("\\{[a-z]+}", "0"));
        String host = tilesUrl.contains("{s}") ? "*." + uri.getHost().substring(uri.getHost().indexOf('.') + 1)
                : uri.getHost();
        return uri.getScheme() + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    private static void requireTemplate(String url) {
        for (String part : new String[] {"{z}", "{x}", "{y}"}) {
            if (!url.contains(part)) {
                throw new InvalidInputException("the tile URL must contain {z}, {x} and {y}, got '" + url + "'");
            }
        }
        URI uri;
        try {
            uri = URI.create(url.replace("{s}", "a").replaceAll("\\{[a-z]+}", "0"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the tile URL is not a URL: '" + url + "'");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new InvalidInputException("the tile URL must be an http or https URL, got '" + url + "'");
        }
    }
}
