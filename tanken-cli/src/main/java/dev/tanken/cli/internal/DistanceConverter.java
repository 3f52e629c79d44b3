package dev.tanken.cli.internal;

import dev.tanken.discover.ExploreQuery;
import dev.tanken.geo.SphericalGeometry;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets picocli options take a {@link Distance}; a bad value becomes a usage error (exit 2). */
public class DistanceConverter implements ITypeConverter<Distance> {
    private final double maxMeters;
    private final String maxWhy;

    public DistanceConverter() {
        this(Double.POSITIVE_INFINITY, null);
    }

    private DistanceConverter(double maxMeters, String maxWhy) {
        this.maxMeters = maxMeters;
        this.maxWhy = maxWhy;
    }

    @Override
    public Distance convert(String value) {
        Distance d;
        try {
            d = Distance.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        // Refused here rather than by the library, whose message names neither the option nor the value as typed.
        if (d.meters() > maxMeters) {
            throw new TypeConversionException("must be at most " + Distance.format(maxMeters) + " (" + maxWhy
                    + "), got '" + Terminal.quote(value) + "'");
        }
        return d;
    }

    /** A search radius: at most half the Earth's circumference, which already reaches every point. */
    public static final class SearchRadius extends DistanceConverter {
        public SearchRadius() {
            super(Math.floor(SphericalGeometry.MAX_DISTANCE_METERS), "half the Earth's circumference");
        }
    }

    /** The radius of {@code explore} and {@code map}. */
    public static final class ExploreRadius extends DistanceConverter {
        public ExploreRadius() {
            super(ExploreQuery.MAX_RADIUS_METERS, "the most a hotspot search covers");
        }
    }
}
