package dev.tanken.model;

import dev.tanken.InvalidInputException;
import java.util.Locale;

/**
 * How precisely a post's location is shown to everyone but its author. The author always sees the
 * exact position; the exact position is what the database stores in every case.
 */
public enum LocationPrecision {
    /** Shown as recorded, altitude included. */
    EXACT,
    /**
     * Shown as the centre of its cell of a fixed grid of cells about 1 km across ({@link LocationGrid}),
     * without altitude: every post in a cell shows the same point, so the shown point says nothing
     * about where in the cell the photo was taken. Nearby searches rank such posts by that point.
     */
    APPROXIMATE,
    /** Not shown at all: other users' nearby searches never return the post, its details carry no location. */
    HIDDEN;

    /** The lower-case name used in the database, the CLI and JSON. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code exact}, {@code approximate} or {@code hidden} (any case). */
    public static LocationPrecision parse(String code) {
        if (code != null) {
            for (LocationPrecision p : values()) {
                if (p.code().equalsIgnoreCase(code.trim())) {
                    return p;
                }
            }
        }
        throw new InvalidInputException("location precision must be exact, approximate or hidden, got '" + code + "'");
    }

    /** What others see of {@code exact}: itself, its cell's centre without altitude, or null. */
    public GeoPoint shown(GeoPoint exact) {
        return switch (this) {
            case EXACT -> exact;
            case APPROXIMATE -> LocationGrid.cellCentre(exact);
            case HIDDEN -> null;
        };
    }
}
