package dev.tanken.cli.commands;

import dev.tanken.StorageException;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.map.MapFormat;
import dev.tanken.map.MapRenderer;
import dev.tanken.map.MapScene;
import dev.tanken.model.GeoPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tanken map}: a picture of the posts and hotspots around a place. */
@Command(name = "map",
        sortOptions = false,
        header = "Draw the posts and hotspots around a place as SVG, PNG or HTML.",
        description = {
            "Draws from data, no map server: coastlines and borders from Natural Earth (1:10m, about a kilometre "
                + "off at street scale), post positions as dots, hotspots as numbered discs whose area grows with "
                + "their score (see 'tanken explore'), labelled with their place names, and a scale bar.",
            "",
            "With --json, prints one object: file, format, width, height, hotspots, posts.",
        })
final class MapCommand extends TankenSubcommand {
    @Mixin
    ExploreOptions explore;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "map.svg",
            description = "Where to write the map; .svg, .png or .html picks the format (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "1024", description = "Width in pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "768", description = "Height in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--title", paramLabel = "TEXT", description = "Heading (default: the centre and radius).")
    String title;

    @Override
    public Integer call() {
        MapFormat format = MapFormat.ofFileName(out.getFileName() == null ? "" : out.getFileName().toString());
        MapRenderer renderer = new MapRenderer(width, height);
        GeoPoint center = explore.center();
        MapScene scene;
        try (Tanken tanken = openTanken()) {
            scene = tanken.mapScene(explore.query(center, viewerId(tanken, explore.viewer)),
                    title != null ? title : "Within " + explore.radius + " of "
                            + dev.tanken.cli.internal.Coordinates.format(center));
        }
        write(renderer.render(scene, format));
        printResult(json -> {
            json.writeStartObject();
            json.writeStringField("file", out.toAbsolutePath().toString());
            json.writeStringField("format", format.name().toLowerCase(java.util.Locale.ROOT));
            json.writeNumberField("width", width);
            json.writeNumberField("height", height);
            json.writeNumberField("hotspots", scene.hotspots().size());
            json.writeNumberField("posts", scene.posts().size());
            json.writeEndObject();
        }, "wrote " + out + " (" + scene.hotspots().size() + " hotspots, " + scene.posts().size() + " posts)");
        return ExitCodes.OK;
    }

    /** Through a temporary file and a rename, so a failed run leaves no half-written map. */
    private void write(byte[] bytes) {
        Path target = out.toAbsolutePath();
        try {
            dev.tanken.cli.internal.AtomicFiles.write(target, bytes);
        } catch (IOException e) {
            throw new StorageException("cannot write the map to " + target + ": " + e.getMessage(), e);
        }
    }
}
