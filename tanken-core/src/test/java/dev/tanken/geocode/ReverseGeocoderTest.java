package dev.tanken.geocode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReverseGeocoderTest {
    private static final ReverseGeocoder BUNDLED = ReverseGeocoder.bundled();

    @Test
    void tokyoStationIsInTokyo() {
        GeoPoint tokyoStation = GeoPoint.of(35.6812, 139.7671);

        PlaceMatch match = BUNDLED.lookup(tokyoStation).orElseThrow();

        assertThat(match.place().name()).isEqualTo("Tokyo");
        assertThat(match.place().countryCode()).isEqualTo("JP");
        assertThat(match.place().countryName()).isEqualTo("Japan");
        assertThat(match.label()).isEqualTo("Tokyo, Japan");
        // GeoNames puts Tokyo's centre in Shinjuku, about 7 km west: nearer towns lose on population.
        assertThat(match.distanceMeters())
                .isCloseTo(SphericalGeometry.distanceMeters(tokyoStation, match.place().location()), within(0.01))
                .isBetween(5_000.0, 9_000.0);
        assertThat(BUNDLED.nearest(tokyoStation, 100_000).orElseThrow().place()).isEqualTo(match.place());
    }

    @Test
    void aPointInTheSeaIsNamedAfterTheNearestCoastalTownWithItsDistance() {
        GeoPoint uragaChannel = GeoPoint.of(34.98, 139.72); // the sea between Miura and Boso peninsulas

        PlaceMatch match = BUNDLED.lookup(uragaChannel).orElseThrow();

        assertThat(match.place().name()).isEqualTo("Tateyama");
        assertThat(match.place().admin1()).isEqualTo("Chiba");
        assertThat(match.label()).isEqualTo("Tateyama, Chiba, Japan");
        assertThat(match.distanceMeters()).isBetween(12_000.0, 15_000.0);
        // No place is nearer: the fallback really is the nearest one.
        assertThat(BUNDLED.within(uragaChannel, match.distanceMeters() - 1)).isEmpty();
    }

    @Test
    void midOceanHasNoPlace() {
        assertThat(BUNDLED.lookup(GeoPoint.of(-40, -130))).isEmpty();
    }

    @Test
    void aCityWinsOverANearerVillageInsideItsCatchment() {
        Place city = place("Metropolis", 0, 0, 1_000_000); // catchment 8 km
        Place village = place("Hamlet", 0.03, 0.03, 1_200); // catchment 1 km
        ReverseGeocoder geocoder = ReverseGeocoder.of(List.of(city, village));

        // 3 km from the city, 1.7 km from the village centre (outside its 1 km catchment).
        assertThat(geocoder.lookup(GeoPoint.of(0.015, 0.02)).orElseThrow().place()).isEqualTo(city);
        // Close to the village centre its relative distance is smaller: the village keeps its name.
        assertThat(geocoder.lookup(GeoPoint.of(0.031, 0.03)).orElseThrow().place()).isEqualTo(village);
    }

    @Test
    void outsideEveryCatchmentTheNearestPlaceWinsUpToTheLimit() {
        Place town = place("Town", 0, 0, 5_000);
        Place city = place("City", 0, 1.0, 2_000_000);
        ReverseGeocoder geocoder = ReverseGeocoder.of(List.of(town, city));

        PlaceMatch match = geocoder.lookup(GeoPoint.of(0, 0.3)).orElseThrow(); // 33 km / 78 km away
        assertThat(match.place()).isEqualTo(town);
        assertThat(match.distanceMeters()).isCloseTo(33_358, within(50.0));

        assertThat(geocoder.lookup(GeoPoint.of(0, -1.0))).isEmpty(); // 111 km from the town
    }

    @Test
    void findsPlacesAcrossTheAntimeridian() {
        Place east = place("East", 0, 179.99, 2_000);
        ReverseGeocoder geocoder = ReverseGeocoder.of(List.of(east, place("Far", 0, 170, 2_000)));

        PlaceMatch match = geocoder.lookup(GeoPoint.of(0, -179.995)).orElseThrow();
        assertThat(match.place()).isEqualTo(east);
        assertThat(match.distanceMeters()).isCloseTo(1_668, within(5.0));
    }

    @Test
    void theIndexAgreesWithABruteForceReadingOfTheRule() {
        Random random = new Random(7);
        List<Place> places = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            long population = (long) Math.pow(10, 3 + 3.5 * random.nextDouble());
            places.add(place("p" + i, 30 + 2 * random.nextDouble(), 130 + 2 * random.nextDouble(), population));
        }
        ReverseGeocoder geocoder = ReverseGeocoder.of(places);

        for (int i = 0; i < 400; i++) {
            GeoPoint q = GeoPoint.of(29.5 + 3 * random.nextDouble(), 129.5 + 3 * random.nextDouble());
            assertThat(geocoder.lookup(q).map(PlaceMatch::place)).as("at %s", q).isEqualTo(bruteForce(places, q));
        }
    }

    /** The documented rule, read literally over every place. */
    private static Optional<Place> bruteForce(List<Place> places, GeoPoint q) {
        Place best = null;
        double bestRatio = Double.POSITIVE_INFINITY;
        for (Place p : places) {
            double d = SphericalGeometry.distanceMeters(q, p.location());
            double r = ReverseGeocoder.catchment(p.population());
            if (d <= r && (d / r < bestRatio || (d / r == bestRatio && p.population() > best.population()))) {
                best = p;
                bestRatio = d / r;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        double nearest = ReverseGeocoder.MAX_DISTANCE_METERS;
        for (Place p : places) {
            double d = SphericalGeometry.distanceMeters(q, p.location());
            if (d <= nearest) {
                best = d < nearest || best == null ? p : best;
                nearest = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Place place(String name, double lat, double lon, long population) {
        return new Place(name, "", "XX", GeoPoint.of(lat, lon), population);
    }
}
