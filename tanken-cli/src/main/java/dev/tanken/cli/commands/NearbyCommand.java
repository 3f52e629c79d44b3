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
    @Option(names = "--lat", required = true, paramLabel = "DEG", description = "Latitude of the centre.")
    double latitude;

    @Option(names = "--lon", required = true, paramLabel = "DEG", description = "Longitude of the centre.")
    double longitude;

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
        GeoPoint center = GeoPoint.of(latitude, longitude);
        Page<NearbyPost> page;
        try (Tanken tanken = openTanken()) {
            page = tanken.nearby(center, radius.meters(), limit, cursor, viewerId(tanken, viewer));
            if (places) {
                placeNames = tanken.places(page.items().stream().map(NearbyPost::post).toList());
            }
        }
        printPage(page, hit -> new PostView.Nearby(hit, placeNames.get(hit.post().id())),
                "no posts within " + radius + " of " + Coordinates.format(center), this::table);
        return ExitCodes.OK;
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
                    Long.toString(p.likes()), p.takenAt() == null ? "-" : p.takenAt().toString()));
            if (places) {
                dev.tanken.geocode.PostPlace place = placeNames.get(p.id());
                row.add(3, place == null || place.name() == null ? "-" : TextTable.truncate(place.name(), 40));
            }
            table.add(row.toArray(new String[0]));
        }
        return table;
    }
}
