package dev.tanken.cli.commands;

import dev.tanken.NotFoundException;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.Coordinates;
import dev.tanken.cli.internal.Degrees;
import dev.tanken.cli.internal.Distance;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.PlaceView;
import dev.tanken.geocode.PlaceMatch;
import dev.tanken.geocode.PostPlace;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tanken place}: name a point or a post's place, offline, and let authors rename their posts' places. */
@Command(name = "place",
        sortOptions = false,
        header = "Name the place of a point or a post; rename your post's place.",
        description = {
            "tanken place --lat D --lon D       the populated place a point is in",
            "tanken place POST                  a post's place name",
            "tanken place POST --set NAME       name your post's place (only its author may)",
            "tanken place POST --clear          go back to the gazetteer's name",
            "",
            "Names come from GeoNames' populated places (CC BY 4.0), bundled: the place whose population-"
                + "weighted catchment holds the point, else the nearest one within 100 km.",
            "",
            "With --json: for a point {label, place}; for a post {postId, name, chosenByAuthor, gazetteer}, where "
                + "place and gazetteer are {name, admin1, countryCode, country, latitude, longitude, population, "
                + "distanceMeters} or null.",
        })
final class PlaceCommand extends TankenSubcommand {
    @Parameters(arity = "0..1", paramLabel = "POST", description = "A post id.")
    String post;

    @Option(names = "--lat", paramLabel = "DEG", converter = Degrees.LatitudeConverter.class,
            description = "Latitude of a point to name: 35.6811, 35.6811N or 35°40'52\"N.")
    Double latitude;

    @Option(names = "--lon", paramLabel = "DEG", converter = Degrees.LongitudeConverter.class,
            description = "Longitude of a point to name: 139.767, 139.767E or 139°46'1\"E.")
    Double longitude;

    @Option(names = "--set", paramLabel = "NAME", description = "Name the post's place (1 to 100 characters; '' removes the name, as --clear).")
    String set;

    @Option(names = "--clear", description = "Remove the post's chosen name.")
    boolean clear;

    @Option(names = "--user", paramLabel = "NAME", description = "Who renames or looks (default: the OS user).")
    String user;

    @Override
    public Integer call() {
        if (post == null) {
            return point();
        }
        if (latitude != null || longitude != null) {
            throw usageError("give either a post or --lat/--lon, not both");
        }
        if (set != null && clear) {
            throw usageError("--set and --clear exclude each other");
        }
        dev.tanken.cli.internal.ShortIds.Typed typed = dev.tanken.cli.internal.ShortIds.parse(post);
        PostPlace place;
        try (Tanken tanken = openTanken()) {
            PostId id = typed.resolve(tanken.database());
            if (set != null || clear) {
                place = tanken.setPlaceName(actingUser(user), id, clear ? null : set);
            } else {
                place = tanken.place(id, viewerId(tanken, user))
                        .orElseThrow(() -> new NotFoundException("post " + id + " does not exist"));
            }
        }
        if (json()) {
            Json.println(out(), new PlaceView.OfPost(place));
        } else {
            String name = place.name() == null ? "(no place name)" : place.name();
            out().println(name + (place.chosenByAuthor() ? "  (chosen by its author)" : ""));
            if (place.gazetteer() != null) {
                out().println("gazetteer: " + describe(place.gazetteer()));
            }
            out().flush();
        }
        return ExitCodes.OK;
    }

    private int point() {
        if (latitude == null || longitude == null) {
            throw usageError("give a post id, or both --lat and --lon");
        }
        if (set != null || clear) {
            throw usageError("--set and --clear need a post id");
        }
        GeoPoint p = GeoPoint.of(latitude, longitude);
        // The gazetteer needs no database: do not open (or create) one.
        Optional<PlaceMatch> match = dev.tanken.geocode.ReverseGeocoder.bundled().lookup(p);
        printResult(new PlaceView.Match(match.orElse(null)), match.map(PlaceCommand::describe)
                .orElse("no populated place within 100 km of " + Coordinates.format(p)));
        return ExitCodes.OK;
    }

    private static String describe(PlaceMatch m) {
        return m.label() + " (" + Distance.format(m.distanceMeters()) + " from its centre)";
    }
}
