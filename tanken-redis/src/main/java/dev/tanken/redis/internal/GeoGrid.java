package dev.tanken.redis.internal;

import dev.tanken.cache.GeoCell;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The partitioning of the geo index: cells of {@value #CELL_DEGREES}° of latitude by as many of
 * longitude (about 11 km north-south). A dense city spreads over a few dozen cells, so on a cluster
 * its searches and writes spread over the nodes; a 1 km search touches one to four cells.
 *
 * <p>Redis cannot index latitudes beyond ±85.05°, and near the poles a circle touches very many
 * cells; searches there, and over more than {@value #MAX_CELLS} cells, are left to the database.
 */
public final class GeoGrid {
    public static final double CELL_DEGREES = 0.1;
    static final int LAT_CELLS = 1800;
    static final int LON_CELLS = 3600;
    public static final int MAX_CELLS = 64;
    /** Redis GEO's latitude limit (Web Mercator). */
    public static final double MAX_LATITUDE = 85.05112878;

    private GeoGrid() {
    }

    static int latIndex(double latitude) {
        return Math.min(LAT_CELLS - 1, (int) Math.floor((latitude + 90) / CELL_DEGREES));
    }

    static int lonIndex(double longitude) {
        return Math.floorMod((int) Math.floor((longitude + 180) / CELL_DEGREES), LON_CELLS);
    }

    public static GeoCell cellOf(double latitude, double longitude) {
        return cell(latIndex(latitude), lonIndex(longitude));
    }

    static GeoCell cell(int lat, int lon) {
        double south = lat * CELL_DEGREES - 90;
        double west = lon * CELL_DEGREES - 180;
        return new GeoCell(lat + ":" + lon, south, west, Math.min(90, south + CELL_DEGREES),
                Math.min(180, west + CELL_DEGREES));
    }

    /** Whether Redis can hold a point at this latitude. */
    public static boolean indexable(double latitude) {
        return Math.abs(latitude) < MAX_LATITUDE - CELL_DEGREES;
    }

    /**
     * The cells a circle touches (an over-approximation by its bounding box in degrees), or empty
     * when the cache does not serve such a search.
     */
    public static Optional<List<GeoCell>> covering(GeoPoint center, double radiusMeters) {
        double dLat = Math.toDegrees(radiusMeters / SphericalGeometry.EARTH_RADIUS_METERS) * 1.0001 + 1e-9;
        double south = center.latitude() - dLat;
        double north = center.latitude() + dLat;
        if (!indexable(south) || !indexable(north)) {
            return Optional.empty();
        }
        double cosMin = Math.cos(Math.toRadians(Math.max(Math.abs(south), Math.abs(north))));
        double dLon = dLat / cosMin;
        if (dLon >= 90) {
            return Optional.empty();
        }
        int lat0 = latIndex(south);
        int lat1 = latIndex(north);
        int lonCount = (int) Math.floor((center.longitude() + dLon + 180) / CELL_DEGREES)
                - (int) Math.floor((center.longitude() - dLon + 180) / CELL_DEGREES) + 1;
        if ((lat1 - lat0 + 1) * (long) lonCount > MAX_CELLS) {
            return Optional.empty();
        }
        int lon0 = (int) Math.floor((center.longitude() - dLon + 180) / CELL_DEGREES);
        LinkedHashSet<GeoCell> cells = new LinkedHashSet<>();
        for (int la = lat0; la <= lat1; la++) {
            for (int i = 0; i < lonCount; i++) {
                cells.add(cell(la, Math.floorMod(lon0 + i, LON_CELLS)));
            }
        }
        return Optional.of(new ArrayList<>(cells));
    }

    /** A key for the 0.01° square around a point, where nearby searches learn the local density. */
    public static String densityArea(GeoPoint p) {
        return "a" + (int) Math.floor((p.latitude() + 90) * 100) + ":" + (int) Math.floor((p.longitude() + 180) * 100);
    }

    /** Area of a cell in square metres (for density estimates). */
    public static double areaSquareMeters(GeoCell cell) {
        double r = SphericalGeometry.EARTH_RADIUS_METERS;
        return r * r * Math.toRadians(cell.east() - cell.west())
                * Math.abs(Math.sin(Math.toRadians(cell.north())) - Math.sin(Math.toRadians(cell.south())));
    }

    /**
     * The geo member of a post: its id and exact coordinates, so that a search returns what the
     * exact distance needs without reading the posts (Redis itself keeps only a 52-bit geohash).
     */
    public static String member(PostId id, GeoPoint p) {
        return id + "," + p.latitude() + "," + p.longitude();
    }

    public record Member(PostId id, double latitude, double longitude) {
    }

    public static Member parseMember(String member) {
        int a = member.indexOf(',');
        int b = member.indexOf(',', a + 1);
        return new Member(new PostId(java.util.UUID.fromString(member.substring(0, a))),
                Double.parseDouble(member.substring(a + 1, b)), Double.parseDouble(member.substring(b + 1)));
    }
}
