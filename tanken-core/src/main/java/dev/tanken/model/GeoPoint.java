package dev.tanken.model;

import dev.tanken.InvalidInputException;

/**
 * A position on the WGS84 globe in decimal degrees, with an optional altitude in metres above sea
 * level. Latitude must lie in [-90, 90] and longitude in [-180, 180]; NaN and infinities are
 * rejected.
 */
public record GeoPoint(double latitude, double longitude, Double altitude) {

    public GeoPoint {
        if (!Double.isFinite(latitude) || latitude < -90 || latitude > 90) {
            throw new InvalidInputException("latitude must be a number between -90 and 90, got " + latitude);
        }
        if (!Double.isFinite(longitude) || longitude < -180 || longitude > 180) {
            throw new InvalidInputException("longitude must be a number between -180 and 180, got " + longitude);
        }
        if (altitude != null && !Double.isFinite(altitude)) {
            throw new InvalidInputException("altitude must be a finite number of metres, got " + altitude);
        }
    }

    public static GeoPoint of(double latitude, double longitude) {
        return new GeoPoint(latitude, longitude, null);
    }

    @Override
    public String toString() {
        return latitude + "," + longitude + (altitude == null ? "" : "," + altitude + "m");
    }
}
