package dev.tanken.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.geo.SphericalGeometry;
import dev.tanken.postgres.internal.MercatorNearby;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** When the Mercator index may serve a search, and that its bound holds for every post in the circle. */
class MercatorNearbyTest {
    private static final double CHORD_1_KM = SphericalGeometry.metersToChord(1_000);

    @Test
    void servesSearchesAwayFromThePolesAndTheAntimeridian() {
        assertThat(MercatorNearby.around(35.68, 139.77, CHORD_1_KM)).isPresent();
        assertThat(MercatorNearby.around(-84.99, 0, CHORD_1_KM)).isPresent();
        assertThat(MercatorNearby.around(0, 179.98, CHORD_1_KM)).isPresent();
        assertThat(MercatorNearby.around(35.68, 139.77, 0)).isPresent();
    }

    @Test
    void leavesSearchesThatReachAPoleOrTheAntimeridianToTheCubeIndex() {
        assertThat(MercatorNearby.around(90, 0, CHORD_1_KM)).isEmpty();
        assertThat(MercatorNearby.around(-89.9995, 45, SphericalGeometry.metersToChord(100))).isEmpty();
        assertThat(MercatorNearby.around(84.995, 10, CHORD_1_KM)).isEmpty();
        assertThat(MercatorNearby.around(0, 179.995, CHORD_1_KM)).isEmpty();
        assertThat(MercatorNearby.around(10, -180, 0)).isEmpty();
        assertThat(MercatorNearby.around(0, 0, SphericalGeometry.metersToChord(SphericalGeometry.MAX_DISTANCE_METERS)))
                .isEmpty();
    }

    /**
     * Random points inside random circles: the plane distance of their Mercator images never exceeds
     * {@code stretch} times their chord, nor {@code reach}; and the bound is tight enough to be useful
     * (within 1% of the worst ratio seen at a 1 km radius).
     */
    @Test
    void planeDistanceIsBoundedByStretchTimesChordInsideTheCircle() {
        Random random = new Random(3);
        double[] radii = {1, 100, 1_000, 10_000, 300_000, 2_000_000};
        int checked = 0;
        for (int n = 0; n < 20_000; n++) {
            double lat = (random.nextDouble() * 2 - 1) * 85;
            double lon = (random.nextDouble() * 2 - 1) * 180;
            double radius = radii[random.nextInt(radii.length)];
            double chord = SphericalGeometry.metersToChord(radius);
            Optional<MercatorNearby> m = MercatorNearby.around(lat, lon, chord);
            if (m.isEmpty()) {
                continue;
            }
            // A point at a random bearing and a random distance up to the radius (on the rim half the time).
            double distance = (random.nextBoolean() ? 1 : random.nextDouble()) * radius / SphericalGeometry.EARTH_RADIUS_METERS;
            double bearing = random.nextDouble() * 2 * Math.PI;
            double phi1 = Math.toRadians(lat);
            double phi2 = Math.asin(Math.sin(phi1) * Math.cos(distance)
                    + Math.cos(phi1) * Math.sin(distance) * Math.cos(bearing));
            double lambda2 = Math.toRadians(lon) + Math.atan2(Math.sin(bearing) * Math.sin(distance) * Math.cos(phi1),
                    Math.cos(distance) - Math.sin(phi1) * Math.sin(phi2));
            double c = SphericalGeometry.chord(SphericalGeometry.unitVector(lat, lon),
                    SphericalGeometry.unitVector(Math.toDegrees(phi2), Math.toDegrees(lambda2)));
            double dx = lambda2 - Math.toRadians(lon);
            double dy = asinh(Math.tan(phi2)) - asinh(Math.tan(phi1));
            double plane = Math.hypot(dx, dy);
            assertThat(plane).as("(%s, %s) r=%s", lat, lon, radius)
                    .isLessThanOrEqualTo(m.get().stretch() * (c + MercatorNearby.SLACK) + MercatorNearby.SLACK)
                    .isLessThanOrEqualTo(m.get().reach());
            checked++;
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void stretchAtOneKilometreIsWithinATenThousandthOfTheLocalScale() {
        MercatorNearby tokyo = MercatorNearby.around(35.68, 139.77, CHORD_1_KM).orElseThrow();
        double local = 1 / Math.cos(Math.toRadians(35.68));
        assertThat(tokyo.stretch() / local).isBetween(1.0, 1.0002);
    }

    private static double asinh(double x) {
        return Math.copySign(Math.log(Math.abs(x) + Math.sqrt(x * x + 1)), x);
    }
}
