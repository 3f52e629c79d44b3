package dev.tanken.map.internal;

import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;

/**
 * Degrees to pixels: an equirectangular projection centred on the map's centre (x scaled by the
 * cosine of its latitude), so distances and shapes are true at the centre and within a fraction of
 * a percent across a city-sized map; the scale bar is exact at the centre. Longitudes are taken the
 * short way round from the centre, so a map across the antimeridian stays whole.
 */
final class Projection {
    private final double lat0;
    private final double lon0;
    private final double cosLat0;
    private final double pixelsPerMeter;
    private final double cx;
    private final double cy;

    public Projection(GeoPoint center, double pixelsPerMeter, double width, double height) {
        this.lat0 = center.latitude();
        this.lon0 = center.longitude();
        this.cosLat0 = Math.max(1e-6, Math.cos(Math.toRadians(lat0)));
        this.pixelsPerMeter = pixelsPerMeter;
        this.cx = width / 2;
        this.cy = height / 2;
    }

    public double pixelsPerMeter() {
        return pixelsPerMeter;
    }

    /** The width of half the world at the centre's latitude: a line jumping this far crossed the far meridian. */
    public double halfWorldPixels() {
        return Math.PI * cosLat0 * SphericalGeometry.EARTH_RADIUS_METERS * pixelsPerMeter;
    }

    public double x(double lon) {
        double dLon = lon - lon0;
        dLon -= 360 * Math.rint(dLon / 360);
        return cx + Math.toRadians(dLon) * cosLat0 * SphericalGeometry.EARTH_RADIUS_METERS * pixelsPerMeter;
    }

    public double y(double lat) {
        return cy - Math.toRadians(lat - lat0) * SphericalGeometry.EARTH_RADIUS_METERS * pixelsPerMeter;
    }

    public double x(GeoPoint p) {
        return x(p.longitude());
    }

    public double y(GeoPoint p) {
        return y(p.latitude());
    }
}
