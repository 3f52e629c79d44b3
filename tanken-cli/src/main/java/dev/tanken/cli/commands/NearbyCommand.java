package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.cli.internal.Coordinates;
import dev.tanken.cli.internal.Degrees;
import dev.tanken.cli.internal.Distance;
import dev.tanken.cli.internal.DistanceConverter;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.NearbyFilter;
import dev.tanken.cli.internal.PostView;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.cli.internal.TimeArguments;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tanken nearby}: posts around a point, nearest first, one page at a time. */
@Command(name = "nearby",
        sortOptions = false,
        header = "List posts near a place, nearest first.",
        description = {
            "Distances are great-circle distances. When more posts are in range than --limit, the next "
                + "page's cursor is printed; pass it back with --cursor (with the same --lat, --lon and "
                + "--radius).",
            "",
            "With --json, prints a JSON array of objects: postId, latitude, longitude, distanceMeters, "
                + "author, caption, tags, likes, takenAt, locationPrecision; the next cursor, if any, goes to stderr as "
                + "'next cursor: C'.",
        })
final class NearbyCommand extends TankenSubcommand {
    @Option(names = "--lat", paramLabel = "DEG", converter = Degrees.LatitudeConverter.class,
            description = "Latitude of the centre (with --lon): 35.6811, 35.6811N or 35°40'52\"N.")
    Double latitude;

    @Option(names = "--lon", paramLabel = "DEG", converter = Degrees.LongitudeConverter.class,
            description = "Longitude of the centre (with --lat): 139.767, 139.767E or 139°46'1\"E.")
    Double longitude;

    @Option(names = "--near", paramLabel = "PLACE",
            description = "The centre by name, from the offline GeoNames table: a city or town (\"Kyoto\", "
                    + "\"Portland, Maine\", \"Paris, FR\"; the most populous of a name wins), or LAT,LON, or "
                    + "degrees-minutes-seconds: \"35°40'52\"N 139°46'1\"E\".")
    String near;

    @Option(names = "--post", paramLabel = "ID", description = "The centre is this post's location (as you may see it); a unique beginning of the id will do.")
    String centrePost;

    @Option(names = "--radius", paramLabel = "DIST", defaultValue = "1km", converter = DistanceConverter.SearchRadius.class,
            description = "Search radius: 800 or 800m (metres), 2.5km, 1.5mi, 500ft (default: ${DEFAULT-VALUE}).")
    Distance radius;

    @Option(names = "--limit", paramLabel = "N", converter = dev.tanken.cli.internal.PageSizeConverter.class, defaultValue = "20",
            description = "Posts per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
    String cursor;

    @Option(names = "--tag", paramLabel = "T", description = "Only posts with this tag; repeat for posts with all of them.")
    List<String> tags = List.of();

    @Option(names = "--user", paramLabel = "NAME", description = "Only this user's posts.")
    String author;

    @Option(names = "--since", paramLabel = "T",
            description = "Only posts posted from this time on: ISO-8601, a date in UTC, or a duration ago (30m, 2d, 1w).")
    String since;

    @Option(names = "--units", paramLabel = "U", defaultValue = "km",
            description = "Distances in the table and messages: km (metres and kilometres) or mi (feet and miles); "
                    + "JSON keeps distanceMeters (default: ${DEFAULT-VALUE}).")
    String units;

    @Option(names = "--as", paramLabel = "NAME",
            description = "Whose view to show (default: the OS user): others' approximate posts are placed and "
                    + "ranked at the centre of their ~1 km cell, their hidden posts left out.")
    String viewer;

    @Option(names = "--places", description = "Also name each post's place: its author's choice, else the nearest "
            + "populated place from the offline GeoNames table (JSON: place, placeChosenByAuthor, placeDistanceMeters).")
    boolean places;

    private java.util.Map<dev.tanken.model.PostId, dev.tanken.geocode.PostPlace> placeNames = java.util.Map.of();

    private java.util.Map<dev.tanken.model.PostId, String> shortIds = java.util.Map.of();

    private dev.tanken.cli.internal.ShortIds.Typed centreTyped;

    private java.util.function.DoubleFunction<String> distance = Distance::format;

    @Override
    public Integer call() {
        boolean imperial = switch (units.toLowerCase(java.util.Locale.ROOT)) {
            case "km" -> false;
            case "mi" -> true;
            default -> throw usageError("--units is km or mi, got '" + units + "'");
        };
        distance = imperial ? Distance::formatImperial : Distance::format;
        NearbyFilter filter = new NearbyFilter(tags.stream().map(dev.tanken.model.Validation::tag).toList(), author,
                since == null ? null : TimeArguments.parse("--since", since), since);
        if (centrePost != null) {
            centreTyped = dev.tanken.cli.internal.ShortIds.parse(centrePost);
        }
        Page<NearbyPost> page;
        GeoPoint center;
        try (Tanken tanken = openTanken()) {
            java.util.UUID viewerId = viewerId(tanken, viewer);
            if (author != null && tanken.database().findUserByName(author).isEmpty()) {
                throw new dev.tanken.NotFoundException("no user named '" + author + "'");
            }
            center = center(tanken, viewerId);
            page = filter.page(cursor, limit, (c, n) -> tanken.nearby(center, radius.meters(), n, c, viewerId));
            if (places) {
                placeNames = tanken.places(page.items().stream().map(NearbyPost::post).toList());
            }
            shortIds = shortIds(tanken, page.items().stream().map(hit -> hit.post().id()).toList());
        }
        printPage(page, hit -> new PostView.Nearby(hit, placeNames.get(hit.post().id())),
                "no posts" + filter.describe() + " within " + distance.apply(radius.meters()) + " of "
                        + Coordinates.format(center), this::table);
        return ExitCodes.OK;
    }

    /** The one centre the options give: --lat/--lon, --near or --post. */
    private GeoPoint center(Tanken tanken, java.util.UUID viewerId) {
        int given = (latitude != null || longitude != null ? 1 : 0) + (near != null ? 1 : 0) + (centrePost != null ? 1 : 0);
        if (given != 1) {
            throw usageError("give the centre once: --lat and --lon, --near PLACE or --post ID");
        }
        if (latitude != null || longitude != null) {
            if (latitude == null || longitude == null) {
                throw usageError("--lat and --lon go together: give both");
            }
            return GeoPoint.of(latitude, longitude);
        }
        if (near != null) {
            java.util.Optional<GeoPoint> typed = Degrees.parsePair(near);
            if (typed.isPresent()) {
                return typed.get();
            }
            return dev.tanken.geocode.ReverseGeocoder.bundled().named(near)
                    .map(dev.tanken.geocode.Place::location)
                    .orElseThrow(() -> new dev.tanken.NotFoundException("no place named '" + near + "' in the "
                            + "offline GeoNames table (towns of 1000 people or more); try \"Name, Country\" or --lat/--lon"));
        }
        dev.tanken.model.PostId id = centreTyped.resolve(tanken.database());
        Post post = tanken.post(id, viewerId)
                .orElseThrow(() -> new dev.tanken.NotFoundException("no post with id " + id));
        if (post.location() == null) {
            throw new dev.tanken.InvalidInputException("the location of post " + id + " is hidden from you");
        }
        return post.location();
    }

    private TextTable table(List<NearbyPost> hits) {
        TextTable table = places
                ? new TextTable(">DISTANCE", "POST", "AUTHOR", "PLACE", "CAPTION", "TAGS", ">LIKES", "TAKEN AT")
                : new TextTable(">DISTANCE", "POST", "AUTHOR", "CAPTION", "TAGS", ">LIKES", "TAKEN AT");
        for (NearbyPost hit : hits) {
            Post p = hit.post();
            java.util.List<String> row = new java.util.ArrayList<>(List.of(distance.apply(hit.distanceMeters()),
                    shortIds.getOrDefault(p.id(), p.id().toString()), p.author().username(), TextTable.truncate(p.caption(), 40),
                    TextTable.truncate(String.join(" ", p.tags().stream().map(t -> "#" + t).toList()), 30),
                    Long.toString(p.likes()), p.takenAt() == null ? "-" : TextTable.takenAt(p.takenAt())));
            if (places) {
                dev.tanken.geocode.PostPlace place = placeNames.get(p.id());
                row.add(3, place == null || place.name() == null ? "-" : TextTable.truncate(place.name(), 40));
            }
            table.add(row.toArray(new String[0]));
        }
        return table;
    }
}
