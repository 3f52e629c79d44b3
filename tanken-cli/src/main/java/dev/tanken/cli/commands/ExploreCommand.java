package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.cli.internal.Coordinates;
import dev.tanken.cli.internal.Distance;
import dev.tanken.cli.internal.DistanceConverter;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.GlobalOptions;
import dev.tanken.cli.internal.PlaceView;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.discover.Exploration;
import dev.tanken.discover.ExploreQuery;
import dev.tanken.discover.Hotspot;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tanken explore}: hotspots near a place, best first. */
@Command(name = "explore",
        sortOptions = false,
        header = "Find interesting places nearby: clusters of posts ranked by posters, engagement and recency.",
        description = {
            "Posts within the radius are grouped on a grid (hill climbing to the busiest cell around) and each "
                + "group scored: per distinct poster log2(1 + sum of post weights), a post weighing "
                + "2^(-age/half-life) x (1 + log2(1 + likes + 2 bookmarks + 3 comments)). One person posting "
                + "50 photos in one spot counts less than six people posting once.",
            "",
            "With --json, prints a JSON array of objects: rank, placeName, latitude, longitude, radiusMeters, "
                + "distanceMeters, posts, posters, score, topTags, coverPostId, place (the nearest populated place "
                + "from GeoNames: name, admin1, countryCode, country, latitude, longitude, population, "
                + "distanceMeters; or null). A note goes to stderr when only the nearest posts were read.",
        })
final class ExploreCommand extends TankenSubcommand {
    @Mixin
    ExploreOptions area;

    @Option(names = "--cell", paramLabel = "DIST", converter = DistanceConverter.class,
            description = "Grid cell size (default: radius/40, between 50m and 10km).")
    Distance cell;

    @Override
    public Integer call() {
        GeoPoint center = area.center();
        Exploration found;
        Map<PostId, String> shortIds;
        try (Tanken tanken = openTanken()) {
            found = tanken.explore(query(center, tanken));
            shortIds = shortIds(tanken, found.hotspots().stream().map(Hotspot::coverPostId).toList());
        }
        List<PlaceView.Spot> spots = new ArrayList<>();
        for (int i = 0; i < found.hotspots().size(); i++) {
            spots.add(new PlaceView.Spot(i + 1, found.hotspots().get(i)));
        }
        // A list of hotspots like any other listing, so --format jsonl and csv mean what they mean elsewhere.
        printList(spots, spot -> spot, "no hotspots within " + area.radius + " of " + Coordinates.format(center)
                + (area.since == null ? "" : " in posts newer than "
                        + area.since.duration().toString().substring(2).toLowerCase(Locale.ROOT)),
                items -> table(items, shortIds));
        if (found.truncated()) {
            PrintWriter note = global().format() == GlobalOptions.Format.TABLE ? out() : err();
            note.println(truncationNote(found));
            note.flush();
        }
        return ExitCodes.OK;
    }

    private ExploreQuery query(GeoPoint center, Tanken tanken) {
        ExploreQuery query = area.query(center, viewerId(tanken, area.viewer));
        if (cell != null && cell.meters() < 1) {
            // The API reads 0 as "the default"; on the command line that is leaving --cell out.
            throw usageError("--cell must be at least 1 m (leave it out for the default), got " + cell);
        }
        return cell == null ? query : query.withCellMeters(cell.meters());
    }

    private static String truncationNote(Exploration found) {
        return "note: read only the " + found.postsScanned() + " nearest posts, up to "
                + Distance.format(found.scannedRadiusMeters()) + " away";
    }

    private static TextTable table(List<PlaceView.Spot> spots, Map<PostId, String> shortIds) {
        TextTable table = new TextTable(">#", "PLACE", ">POSTS", ">POSTERS", ">SCORE", "TOP TAGS", ">DISTANCE",
                ">EXTENT", "CENTRE", "COVER POST");
        for (PlaceView.Spot spot : spots) {
            Hotspot h = spot.hotspot();
            table.add(Integer.toString(spot.rank()), h.placeName() == null ? "-" : TextTable.truncate(h.placeName(), 40),
                    Integer.toString(h.posts()), Integer.toString(h.posters()),
                    String.format(Locale.ROOT, "%.2f", h.score()),
                    TextTable.truncate(String.join(" ", h.topTags().stream().map(t -> "#" + t).toList()), 30),
                    Distance.format(h.distanceMeters()), Distance.format(h.radiusMeters()),
                    Coordinates.format(h.center()), shortIds.getOrDefault(h.coverPostId(), h.coverPostId().toString()));
        }
        return table;
    }
}
