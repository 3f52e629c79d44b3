package dev.tanken.geo;

import dev.tanken.InvalidInputException;
import dev.tanken.model.GeoPoint;

/**
 * Great-circle geometry on a sphere of the IUGG mean Earth radius, shared by every backend so that
 * they all return the same distances and the same order.
 *
 * <p>Points are mapped to unit vectors in 3-D (earth-centred, earth-fixed). The straight-line
 * ("chord") distance between two unit vectors grows strictly with the great-circle angle between
 * them, so an index that orders by 3-D Euclidean distance (a PostgreSQL {@code cube} GiST, an
 * SQLite R*Tree) orders by true great-circle distance — with no special case at the antimeridian or
 * the poles. The chord is the backends' sort key; metres are derived from it.
 */
public final class SphericalGeometry {
    /** IUGG mean radius R1, in metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;
    /** Half the circumference: no two points on the sphere are farther apart. */
    public static final double MAX_DISTANCE_METERS = Math.PI * EARTH_RADIUS_METERS;

    private SphericalGeometry() {
    }

    /** Unit vector {x, y, z} of a point; altitude is ignored. */
    public static double[] unitVector(GeoPoint p) {
        return unitVector(p.latitude(), p.longitude());
    }

    public static double[] unitVector(double latitude, double longitude) {
        double lat = Math.toRadians(latitude);
        double lon = Math.toRadians(longitude);
        double cosLat = Math.cos(lat);
        return new double[] {cosLat * Math.cos(lon), cosLat * Math.sin(lon), Math.sin(lat)};
    }

    /** Euclidean distance between two unit vectors. */
    public static double chord(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    public static double chordToMeters(double chord) {
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1.0, chord / 2));
    }

    /** The chord length that corresponds to a great-circle distance (capped at the antipode). */
    public static double metersToChord(double meters) {
        double angle = Math.min(Math.PI, meters / EARTH_RADIUS_METERS);
        return 2 * Math.sin(angle / 2);
    }

    public static double distanceMeters(GeoPoint a, GeoPoint b) {
        return chordToMeters(chord(unitVector(a), unitVector(b)));
    }

    /** Checks a search radius: finite, not negative, at most half the circumference. */
    public static double requireRadius(double radiusMeters) {
        if (!Double.isFinite(radiusMeters) || radiusMeters < 0 || radiusMeters > MAX_DISTANCE_METERS) {
            throw new InvalidInputException("radius must be between 0 and " + (long) MAX_DISTANCE_METERS
                    + " metres, got " + radiusMeters);
        }
        return radiusMeters;
    }
}
