package dev.tanken.cache;

/**
 * One partition of the cache's geo index: a latitude/longitude rectangle
 * {@code [south, north) x [west, east)} in degrees. Each cell is a key of its own, so on a Redis
 * Cluster the cells of a region spread over the nodes. A cell answers nearby searches only once it
 * is complete: warmed from the database and kept complete by every later write.
 */
public record GeoCell(String id, double south, double west, double north, double east) {

    public boolean contains(double latitude, double longitude) {
        return latitude >= south && latitude < north && longitude >= west && longitude < east
                || north >= 90 && latitude == 90 && longitude >= west && longitude < east
                || east >= 180 && longitude == 180 && latitude >= south && latitude < north;
    }
}
