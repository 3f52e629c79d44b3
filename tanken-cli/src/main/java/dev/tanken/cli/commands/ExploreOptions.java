package dev.tanken.cli.commands;

import dev.tanken.cli.internal.Age;
import dev.tanken.cli.internal.Degrees;
import dev.tanken.cli.internal.Distance;
import dev.tanken.cli.internal.DistanceConverter;
import dev.tanken.cli.internal.PageSizeConverter;
import dev.tanken.discover.ExploreQuery;
import dev.tanken.model.GeoPoint;
import java.time.Instant;
import java.util.UUID;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The area and ranking options {@code tanken explore} and {@code tanken map} share. */
final class ExploreOptions {
    @Option(names = "--lat", required = true, paramLabel = "DEG", converter = Degrees.LatitudeConverter.class,
            description = "Latitude of the centre: 35.6811, 35.6811N or 35°40'52\"N.")
    double latitude;

    @Option(names = "--lon", required = true, paramLabel = "DEG", converter = Degrees.LongitudeConverter.class,
            description = "Longitude of the centre: 139.767, 139.767E or 139°46'1\"E.")
    double longitude;

    @Option(names = "--radius", paramLabel = "DIST", defaultValue = "5km", converter = DistanceConverter.ExploreRadius.class,
            description = "Radius, at most 1000km (default: ${DEFAULT-VALUE}).")
    Distance radius;

    @Option(names = "--limit", paramLabel = "N", converter = HotspotLimitConverter.class, defaultValue = "10",
            description = "Hotspots, 1 to " + ExploreQuery.MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--since", paramLabel = "AGE", converter = Age.Converter.class,
            description = "Only posts newer than this: 12h, 30d, 2w.")
    Age since;

    @Option(names = "--half-life", paramLabel = "AGE", converter = Age.Converter.class,
            description = "A post's weight halves every AGE (default: 30d).")
    Age halfLife;

    @Option(names = "--as", paramLabel = "NAME",
            description = "Whose view (default: the OS user): others' hidden posts are left out, approximate ones "
                    + "count at their cell's centre.")
    String viewer;

    /** A number of hotspots, whose bound is not a page's: refused with the bound that holds. */
    static final class HotspotLimitConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return PageSizeConverter.between1And(value, ExploreQuery.MAX_LIMIT);
        }
    }

    GeoPoint center() {
        return GeoPoint.of(latitude, longitude);
    }

    ExploreQuery query(GeoPoint center, UUID viewerId) {
        ExploreQuery query = ExploreQuery.around(center, radius.meters()).withLimit(limit).withViewer(viewerId);
        if (since != null) {
            query = query.withSince(Instant.now().minus(since.duration()));
        }
        if (halfLife != null) {
            query = query.withHalfLife(halfLife.duration());
        }
        return query;
    }
}
