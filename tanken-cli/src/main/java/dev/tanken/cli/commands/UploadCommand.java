package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.cli.internal.Degrees;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.FileOutcome;
import dev.tanken.cli.internal.FileUploader;
import dev.tanken.cli.internal.PrecisionConverter;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tanken upload FILE...}: posts photos one after the other. */
@Command(name = "upload",
        sortOptions = false,
        header = "Post photos.",
        description = {
            "Posts each FILE as a photo of the acting user. The location comes from the photo's GPS "
                + "metadata unless --lat and --lon give one; a photo with neither is rejected. Posting the "
                + "same photo again reports the earlier post as a duplicate.",
            "",
            "With --json, prints one JSON object per file and line: file, status (created, queued "
                + "under write-back, duplicate, rejected or failed), postId, latitude, longitude, error.",
            "",
            "Exits with 2 if any file was rejected, 1 if any failed for another reason.",
        })
final class UploadCommand extends TankenSubcommand {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Photo files (JPEG, PNG, WebP or HEIF).")
    List<Path> files;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Who posts the photos; created on first use (default: the OS user).")
    String user;

    @Option(names = "--caption", paramLabel = "TEXT",
            description = "Caption for every photo (default: each photo's own description from its EXIF, XMP or "
                    + "IPTC metadata, if any; --caption '' for none).")
    String caption;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--lat", paramLabel = "DEG", converter = Degrees.LatitudeConverter.class,
            description = "Latitude to use instead of the photo's GPS (needs --lon): 35.6811, 35.6811N or 35°40'52\"N.")
    Double latitude;

    @Option(names = "--lon", paramLabel = "DEG", converter = Degrees.LongitudeConverter.class,
            description = "Longitude to use instead of the photo's GPS (needs --lat): 139.767, 139.767E or 139°46'1\"E.")
    Double longitude;

    @Option(names = "--precision", paramLabel = "P", converter = PrecisionConverter.class,
            completionCandidates = PrecisionConverter.Names.class,
            description = "How precisely others see the location: exact, approximate (~1 km cell) or hidden "
                    + "(default: the user's default, see 'user set-precision').")
    LocationPrecision precision;

    @Override
    public Integer call() {
        if ((latitude == null) != (longitude == null)) {
            throw usageError("--lat and --lon go together: give both or neither");
        }
        UploadOptions options = new UploadOptions(actingUser(user), caption, tags,
                latitude == null ? null : GeoPoint.of(latitude, longitude), precision);
        List<FileOutcome> outcomes = new ArrayList<>();
        try (Tanken tanken = openTanken()) {
            FileUploader uploader = new FileUploader(tanken, options, "give one with --lat and --lon");
            for (Path file : files) {
                FileOutcome outcome = uploader.upload(file);
                outcomes.add(outcome);
                printResult(outcome.toLine(), outcome.toHumanLine(outcome.kind().status()));
            }
        }
        return exitCode(outcomes);
    }

    private int exitCode(List<FileOutcome> outcomes) {
        long failed = outcomes.stream().filter(o -> o.kind() == FileOutcome.Kind.FAILED).count();
        long rejected = outcomes.stream().filter(o -> !o.posted()).count() - failed;
        if (failed > 0) {
            err().println("tanken: " + failed + " of " + outcomes.size() + " files could not be posted");
        } else if (rejected > 0) {
            err().println("tanken: " + rejected + " of " + outcomes.size() + " files rejected");
        }
        err().flush();
        return failed > 0 ? ExitCodes.FAILURE : rejected > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
}
