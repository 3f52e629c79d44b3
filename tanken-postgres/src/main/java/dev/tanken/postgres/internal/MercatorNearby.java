package dev.tanken.postgres.internal;

import java.util.Optional;

/**
 * Whether a nearby search may take its candidates from the 2-D Mercator index ({@code
 * posts.mercator}, see migration V10), and the two numbers that make its answer provably exact.
 *
 * <p>The Mercator map sends latitude φ and longitude λ (radians) to {@code (λ, asinh(tan φ))}. It is
 * conformal: at every point, lengths on the sphere are multiplied by one factor, {@code sec φ}, in
 * every direction. Let {@code s} be the great-circle angle from the centre to a post inside the search
 * circle (angular radius θ), {@code m} the plane distance between their images and {@code c = 2 sin(s/2)}
 * their chord. The image of the arc from the centre to the post is a plane curve joining the two
 * images, no shorter than the straight line, and its length is the arc's length weighted by
 * {@code sec φ} along it; the arc stays in the circle, whose latitudes are at most {@code |φ0| + θ}.
 * Hence {@code m ≤ s · sec(|φ0| + θ)}. And {@code c ≥ s · sinc(θ/2)}, since {@code sin(x)/x} falls
 * on [0, θ/2]. Together: {@code m ≤ stretch · c} with {@code stretch = sec(|φ0| + θ) / sinc(θ/2)}.
 * This needs the circle to miss the poles (else the bound is infinite) and the antimeridian (where
 * the image of an arc would jump by 2π): such searches return empty here and use the 3-D index.
 *
 * <p>The query uses the bound twice. All posts in the circle lie within plane distance
 * {@link #reach()} of the centre's image, which bounds the 2-D scan. And when the scan has read its
 * {@code n} plane-nearest candidates, the {@code k}-th smallest chord among them, {@code B}, is at
 * least the true {@code k}-th smallest chord; a post the scan did not read is at plane distance at
 * least {@code m_n}, the farthest it read, so its chord is at least {@code m_n / stretch}. When
 * {@code m_n > stretch · B}, no unread post can be among the first {@code k} by (chord, id), ties
 * included; otherwise the query also reads every post within plane distance {@code stretch · B}.
 *
 * <p>Rounding: PostgreSQL computes positions, chords and plane distances in doubles from the same
 * expressions every time; each is within far less than {@link #SLACK} (about 6 µm on the Earth) of
 * its exact value, so every plane bound is widened to {@code stretch · (c + SLACK) + SLACK}, and
 * {@code stretch} itself is rounded up by a relative {@code 1e-9}.
 *
 * @param stretch an upper bound of plane distance per unit of chord inside the search circle
 * @param reach the plane radius, around the centre's image, that holds the image of every post in
 *     the circle
 */
public record MercatorNearby(double stretch, double reach) {
    /**
     * Searches that come nearer a pole than this latitude use the 3-D index: the bound grows with
     * {@code sec φ}, and the 3-D index has no such weakness.
     */
    public static final double MAX_LATITUDE_DEGREES = 85;
    /** Absolute allowance for rounding in chords and plane distances. */
    public static final double SLACK = 1e-12;
    private static final double MAX_LATITUDE = Math.toRadians(MAX_LATITUDE_DEGREES);
    private static final double RELATIVE_SLACK = 1e-9;

    public MercatorNearby {
        if (!(stretch >= 1) || !Double.isFinite(stretch)) {
            throw new IllegalArgumentException("stretch must be finite and at least 1: " + stretch);
        }
        if (!(reach >= 0) || !Double.isFinite(reach)) {
            throw new IllegalArgumentException("reach must be finite and not negative: " + reach);
        }
    }

    /**
     * The Mercator parameters of a search of {@code chord} around a centre, or empty when the circle
     * comes within {@link #MAX_LATITUDE_DEGREES} of a pole or touches the antimeridian.
     */
    public static Optional<MercatorNearby> around(double latitudeDegrees, double longitudeDegrees, double chord) {
        double theta = 2 * Math.asin(Math.min(1, chord / 2));
        double latitude = Math.abs(Math.toRadians(latitudeDegrees));
        double farthestLatitude = latitude + theta;
        if (!(farthestLatitude <= MAX_LATITUDE)) {
            return Optional.empty();
        }
        // A circle that misses the poles spans asin(sin θ / cos φ0) of longitude either side.
        double halfWidth = Math.asin(Math.min(1, Math.sin(theta) / Math.cos(latitude)));
        double longitude = Math.toRadians(longitudeDegrees);
        double margin = RELATIVE_SLACK;
        if (longitude - halfWidth <= -Math.PI + margin || longitude + halfWidth >= Math.PI - margin) {
            return Optional.empty();
        }
        double halfTheta = theta / 2;
        double sinc = halfTheta == 0 ? 1 : Math.sin(halfTheta) / halfTheta;
        double stretch = Math.max(1, 1 / (Math.cos(farthestLatitude) * sinc)) * (1 + RELATIVE_SLACK);
        return Optional.of(new MercatorNearby(stretch, stretch * (chord + SLACK) + SLACK));
    }
}
