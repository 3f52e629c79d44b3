package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.cli.internal.Coordinates;
import dev.tanken.cli.internal.Distance;
import dev.tanken.cli.internal.DistanceConverter;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.PostView;
import dev.tanken.cli.internal.TextTable;
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
                + "author, caption, tags, likes, takenAt; the next cursor, if any, goes to stderr as "
                + "'next cursor: C'.",
        })
final class NearbyCommand extends TankenSubcommand {
    @Option(names = "--lat", paramLabel = "DEG", description = "Latitude of the centre (with --lon).")
    Double latitude;

    @Option(names = "--lon", paramLabel = "DEG", description = "Longitude of the centre (with --lat).")
    Double longitude;

    @Option(names = "--near", paramLabel = "PLACE",
            description = "The centre by name, from the offline GeoNames table: a city or town (\"Kyoto\", "
                    + "\"Portland, Maine\", \"Paris, FR\"; the most populous of a name wins), or LAT,LON.")
    String near;

    @Option(names = "--post", paramLabel = "ID", description = "The centre is this post's location (as you may see it).")
    String centrePost;

    @Option(names = "--radius", paramLabel = "DIST", defaultValue = "1km", converter = DistanceConverter.class,
            description = "Search radius: 800 or 800m (metres), 2.5km (default: ${DEFAULT-VALUE}).")
    Distance radius;

    @Option(names = "--limit", paramLabel = "N", converter = dev.tanken.cli.internal.PageSizeConverter.class, defaultValue = "20",
            description = "Posts per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
    String cursor;

    @Option(names = "--as", paramLabel = "NAME",
            description = "Whose view to show (default: the OS user): others' approximate posts are placed and "
                    + "ranked at the centre of their ~1 km cell, their hidden posts left out.")
    String viewer;

    @Option(names = "--places", description = "Also name each post's place: its author's choice, else the nearest "
            + "populated place from the offline GeoNames table (JSON: place, placeChosenByAuthor, placeDistanceMeters).")
    boolean places;

    private java.util.Map<dev.tanken.model.PostId, dev.tanken.geocode.PostPlace> placeNames = java.util.Map.of();

    @Override
    public Integer call() {
        Page<NearbyPost> page;
        GeoPoint center;
        try (Tanken tanken = openTanken()) {
            java.util.UUID viewerId = viewerId(tanken, viewer);
            center = center(tanken, viewerId);
            page = tanken.nearby(center, radius.meters(), limit, cursor, viewerId);
            if (places) {
                placeNames = tanken.places(page.items().stream().map(NearbyPost::post).toList());
            }
        }
        printPage(page, hit -> new PostView.Nearby(hit, placeNames.get(hit.post().id())),
                "no posts within " + radius + " of " + Coordinates.format(center), this::table);
        return ExitCodes.OK;
    }

    private static final java.util.regex.Pattern LAT_LON =
            java.util.regex.Pattern.compile("\\s*(-?\\d+(?:\\.\\d+)?)\\s*,\\s*(-?\\d+(?:\\.\\d+)?)\\s*");

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
            java.util.regex.Matcher m = LAT_LON.matcher(near);
            if (m.matches()) {
                return GeoPoint.of(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
            }
            return dev.tanken.geocode.ReverseGeocoder.bundled().named(near)
                    .map(dev.tanken.geocode.Place::location)
                    .orElseThrow(() -> new dev.tanken.NotFoundException("no place named '" + near + "' in the "
                            + "offline GeoNames table (towns of 1000 people or more); try \"Name, Country\" or --lat/--lon"));
        }
        dev.tanken.model.PostId id = dev.tanken.model.PostId.parse(centrePost);
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
            java.util.List<String> row = new java.util.ArrayList<>(List.of(Distance.format(hit.distanceMeters()),
                    p.id().toString(), p.author().username(), TextTable.truncate(p.caption(), 40),
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
