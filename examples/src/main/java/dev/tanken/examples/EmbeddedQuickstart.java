package dev.tanken.examples;

import dev.tanken.NearbyQuery;
import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.UploadResult;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.GeoPoint;
import java.nio.file.Path;
import java.util.List;

/**
 * Embeds Tanken with its embedded default (a SQLite file and a folder of images, no server):
 * uploads geotagged photos and lists the posts within 10 km of Tokyo Station.
 *
 * <p>Run: {@code java dev.tanken.examples.EmbeddedQuickstart HOME_DIR photo.jpg...}
 */
public final class EmbeddedQuickstart {
    private EmbeddedQuickstart() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: EmbeddedQuickstart HOME_DIR [PHOTO...]");
            System.exit(2);
        }
        List<NearbyPost> nearby = run(Path.of(args[0]), List.of(args).subList(1, args.length).stream().map(Path::of).toList());
        nearby.forEach(n -> System.out.printf("%8.0f m  %s  %s%n", n.distanceMeters(), n.post().id(), n.post().caption()));
    }

    /** The README snippet, as a method the example's test calls. */
    public static List<NearbyPost> run(Path home, List<Path> photos) {
        // tanken-core + tanken-sqlite: one file and a folder of pictures, no server.
        try (Tanken tanken = Tanken.builder()
                .database("sqlite:" + home.resolve("tanken.db"))
                .blobs("file:" + home.resolve("blobs"))
                .noCache()
                .build()) {
            for (Path photo : photos) {
                UploadResult result = tanken.upload(photo, UploadOptions.by("aiko").withCaption(photo.getFileName().toString()));
                System.out.println(result.status() + " " + result.post().id() + " at " + result.post().location());
            }
            GeoPoint tokyoStation = GeoPoint.of(35.6812, 139.7671);
            return tanken.nearby(NearbyQuery.around(tokyoStation, 10_000).withLimit(20)).items();
        }
    }
}
