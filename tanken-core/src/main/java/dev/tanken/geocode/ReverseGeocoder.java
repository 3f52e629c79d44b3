package dev.tanken.geocode;

import dev.tanken.geo.SphericalGeometry;
import dev.tanken.geocode.internal.KdTree;
import dev.tanken.geocode.internal.PlaceTable;
import dev.tanken.model.GeoPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Names the place a point is in, offline, from a gazetteer of populated places; the bundled one is
 * GeoNames' cities1000 (about 135 000 places with at least 1 000 inhabitants or an administrative
 * seat, CC BY 4.0 — see the README and NOTICE), loaded on first use.
 *
 * <h2>The rule</h2>
 * "Nearest city centre" names a point in a big city after whatever village centre happens to be
 * closer (Immich #17905). Instead, each place gets a <em>catchment</em> radius that grows with the
 * square root of its population (so with the radius of a city of uniform density):
 * {@code r = clamp(8 m × √population, 1 km, 30 km)} — 1 km for villages, 2.5 km for 100 000
 * inhabitants, 8 km for a million, 23 km for Tokyo's 8.3 million. Places without a population count
 * as 1 000.
 * <ol>
 *   <li>Among the places whose catchment contains the point, the one with the smallest relative
 *       distance {@code d / r} wins (ties: the larger population). A town inside a metropolis's
 *       catchment still wins near its own centre, the metropolis wins between them.</li>
 *   <li>When no catchment contains the point (open country, the sea), the nearest place within
 *       {@link #MAX_DISTANCE_METERS} wins.</li>
 *   <li>Farther than that from every place (mid-ocean), there is no answer.</li>
 * </ol>
 * The answer carries the great-circle distance from the point to the place's centre.
 *
 * <p>Thread-safe and immutable.
 */
public final class ReverseGeocoder {
    /** Beyond this distance from every place, a point has no place name. */
    public static final double MAX_DISTANCE_METERS = 100_000;
    /** Catchment radius per square root of an inhabitant. */
    public static final double CATCHMENT_METERS_PER_SQRT_POPULATION = 8;
    public static final double MIN_CATCHMENT_METERS = 1_000;
    public static final double MAX_CATCHMENT_METERS = 30_000;
    /** The population assumed for places whose population is unknown (the gazetteer's threshold). */
    public static final long DEFAULT_POPULATION = 1_000;

    private final Place[] places;
    private final double[] catchments;
    private final KdTree tree;

    private ReverseGeocoder(List<Place> places) {
        this.places = places.toArray(new Place[0]);
        this.catchments = new double[this.places.length];
        double[][] vectors = new double[this.places.length][];
        for (int i = 0; i < this.places.length; i++) {
            vectors[i] = SphericalGeometry.unitVector(this.places[i].location());
            catchments[i] = catchment(this.places[i].population());
        }
        this.tree = new KdTree(vectors);
    }

    /** The bundled GeoNames gazetteer, read and indexed on the first call (about half a second). */
    public static ReverseGeocoder bundled() {
        return Bundled.INSTANCE;
    }

    /** A geocoder over the caller's own places (e.g. a regional gazetteer, or a test's). */
    public static ReverseGeocoder of(List<Place> places) {
        return new ReverseGeocoder(List.copyOf(places));
    }

    /**
     * The place a person means by {@code query}: {@code "Kyoto"}, or with what follows a comma
     * narrowing it by first-level area or country code ({@code "Portland, Maine"}, {@code "Paris, FR"}).
     * Names compare without case and accents; among places of one name the most populous wins, as
     * a person naming a city without more means the big one.
     */
    public Optional<Place> named(String query) {
        if (query == null || query.isBlank()) {
            return Optional.empty();
        }
        String[] parts = query.split(",", 2);
        String name = folded(parts[0]);
        String within = parts.length > 1 ? folded(parts[1]) : null;
        Place best = null;
        for (Place p : places) {
            if (folded(p.name()).equals(name)
                    && (within == null || folded(p.admin1()).equals(within) || folded(p.countryCode()).equals(within))
                    && (best == null || p.population() > best.population())) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String folded(String s) {
        return java.text.Normalizer.normalize(s.strip(), java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** How many places the gazetteer holds. */
    public int size() {
        return places.length;
    }

    /** The catchment radius of a place of this population; see the class comment. */
    public static double catchment(long population) {
        long people = population > 0 ? population : DEFAULT_POPULATION;
        return Math.max(MIN_CATCHMENT_METERS,
                Math.min(MAX_CATCHMENT_METERS, CATCHMENT_METERS_PER_SQRT_POPULATION * Math.sqrt(people)));
    }

    /** The place a point is named after, by the rule in the class comment; empty far from every place. */
    public Optional<PlaceMatch> lookup(GeoPoint point) {
        Objects.requireNonNull(point, "point");
        double[] q = SphericalGeometry.unitVector(point);
        double[] bestRatio = {Double.POSITIVE_INFINITY};
        int[] best = {-1};
        double[] bestDistance = {0};
        tree.within(q, SphericalGeometry.metersToChord(MAX_CATCHMENT_METERS), id -> {
            double d = SphericalGeometry.chordToMeters(SphericalGeometry.chord(q, SphericalGeometry.unitVector(places[id].location())));
            if (d > catchments[id]) {
                return;
            }
            double ratio = d / catchments[id];
            if (ratio < bestRatio[0] || (ratio == bestRatio[0] && better(id, best[0]))) {
                bestRatio[0] = ratio;
                best[0] = id;
                bestDistance[0] = d;
            }
        });
        if (best[0] >= 0) {
            return Optional.of(new PlaceMatch(places[best[0]], bestDistance[0]));
        }
        return nearest(point, MAX_DISTANCE_METERS);
    }

    /** Plain nearest place within {@code maxMeters}, whatever its size. */
    public Optional<PlaceMatch> nearest(GeoPoint point, double maxMeters) {
        Objects.requireNonNull(point, "point");
        SphericalGeometry.requireRadius(maxMeters);
        double[] q = SphericalGeometry.unitVector(point);
        int id = tree.nearest(q, SphericalGeometry.metersToChord(maxMeters));
        return id < 0 ? Optional.empty() : Optional.of(match(point, id));
    }

    /** Every place whose centre is within {@code radiusMeters}, nearest first. */
    public List<PlaceMatch> within(GeoPoint point, double radiusMeters) {
        Objects.requireNonNull(point, "point");
        SphericalGeometry.requireRadius(radiusMeters);
        List<PlaceMatch> found = new ArrayList<>();
        tree.within(SphericalGeometry.unitVector(point), SphericalGeometry.metersToChord(radiusMeters),
                id -> found.add(match(point, id)));
        found.sort((a, b) -> Double.compare(a.distanceMeters(), b.distanceMeters()));
        return found;
    }

    private boolean better(int candidate, int current) {
        if (current < 0) {
            return true;
        }
        long a = places[candidate].population();
        long b = places[current].population();
        return a != b ? a > b : candidate < current;
    }

    private PlaceMatch match(GeoPoint point, int id) {
        return new PlaceMatch(places[id], SphericalGeometry.distanceMeters(point, places[id].location()));
    }

    /** Loads the bundled table on first use of {@link #bundled()}, once, whatever the threads. */
    private static final class Bundled {
        static final ReverseGeocoder INSTANCE = new ReverseGeocoder(PlaceTable.loadBundled());
    }
}
