package dev.tanken.model;


/**
 * The fixed grid that approximate locations snap to: cells about 1.1 km on each side everywhere on
 * the globe, so that an approximate post reveals only its cell, and all posts in one cell show the
 * same point (the cell's centre).
 *
 * <p>Latitude is cut into bands {@value #LATITUDE_STEP_DEGREES}&deg; high (about 1.11 km). A band is
 * cut into {@code n = max(1, floor(360 cos(φc) / 0.01))} equal longitude steps, φc being the band's
 * centre latitude, so that a cell is about as wide as it is high at that latitude (a plain 0.01&deg;
 * longitude step would make cells 1.1 km wide at the equator but 0.3 km at 74&deg; north). The bands
 * and steps depend on nothing but the coordinates, so the grid never changes and needs no storage. A
 * point on a cell boundary belongs to the cell north or east of it; longitude 180 belongs to the last
 * cell of its band (the same meridian as -180).
 *
 * <p>The shown point is at most about 0.8 km (half a cell diagonal) from the true one.
 */
public final class LocationGrid {
    public static final double LATITUDE_STEP_DEGREES = 0.01;
    private static final int BANDS = 18_000;

    private LocationGrid() {
    }

    /** The centre of the cell holding {@code p}, with no altitude. */
    public static GeoPoint cellCentre(GeoPoint p) {
        int band = band(p.latitude());
        double centreLatitude = -90 + (band + 0.5) * LATITUDE_STEP_DEGREES;
        int cells = cellsInBand(centreLatitude);
        double step = 360.0 / cells;
        int cell = (int) Math.floor((p.longitude() + 180) / step);
        cell = Math.max(0, Math.min(cells - 1, cell));
        double centreLongitude = -180 + (cell + 0.5) * step;
        return new GeoPoint(centreLatitude, centreLongitude, null);
    }

    /** Index of the latitude band, 0 (southernmost) to 17 999. */
    static int band(double latitude) {
        int band = (int) Math.floor((latitude + 90) / LATITUDE_STEP_DEGREES);
        return Math.max(0, Math.min(BANDS - 1, band));
    }

    /** How many cells a band centred on this latitude has. */
    static int cellsInBand(double centreLatitude) {
        return Math.max(1, (int) Math.floor(360 * Math.cos(Math.toRadians(centreLatitude)) / LATITUDE_STEP_DEGREES));
    }
}
