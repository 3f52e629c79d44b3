package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.cli.internal.BatchUpload;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.FileOutcome;
import dev.tanken.cli.internal.FileUploader;
import dev.tanken.cli.internal.ImportSummary;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.PhotoTree;
import dev.tanken.cli.internal.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tanken import DIR}: posts every photo under a directory, several at a time. */
@Command(name = "import",
        sortOptions = false,
        header = "Post every photo under a directory.",
        description = {
            "Walks DIR recursively (hidden files and directories are skipped) and posts every photo it "
                + "finds, on --concurrency threads. Files that are not images are skipped; a photo without "
                + "GPS metadata, or a broken one, is reported and the import goes on. Each post's caption is "
                + "the photo's own description (EXIF ImageDescription, XMP dc:description or IPTC "
                + "Caption/Abstract), if it has one that is not a camera's placeholder.",
            "",
            "With --json, prints one JSON object per file and line, as 'tanken upload --json' does "
                + "(status 'skipped' for files that are no image), then one {\"summary\": {...}} object.",
            "",
            "Exits with 2 if any photo was rejected, 1 if any failed for another reason.",
        })
final class ImportCommand extends TankenSubcommand {
    private static final int MAX_CONCURRENCY = 64;

    @Parameters(paramLabel = "DIR", description = "Directory to import.")
    Path directory;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Who posts the photos; created on first use (default: the OS user).")
    String user;

    @Option(names = "--precision", paramLabel = "P", converter = dev.tanken.cli.internal.PrecisionConverter.class,
            description = "How precisely others see the locations: exact, approximate (~1 km cell) or hidden "
                    + "(default: the user's default).")
    dev.tanken.model.LocationPrecision precision;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Photos processed at once (default: the number of CPU cores).")
    Integer concurrency;

    @Override
    public Integer call() {
        int threads = concurrency == null ? Runtime.getRuntime().availableProcessors() : concurrency;
        if (threads < 1 || threads > MAX_CONCURRENCY) {
            throw usageError("--concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + threads);
        }
        UploadOptions options = UploadOptions.by(actingUser(user)).withPrecision(precision);
        PhotoTree.Listing listing = PhotoTree.list(directory);

        List<FileOutcome> outcomes = new ArrayList<>(listing.unreadable());
        listing.unreadable().forEach(this::printJson);
        try (Tanken tanken = openTanken()) {
            // Created up front: a bad --user fails once, not once per file, and workers never race on it.
            tanken.user(options.username());
            FileUploader uploader = new FileUploader(tanken, options);
            try (Progress progress = Progress.of("import", listing.files().size(), environment(), json(), err())) {
                outcomes.addAll(BatchUpload.run(listing.files(), uploader, threads, outcome -> {
                    printJson(outcome);
                    progress.step();
                }));
            }
        }
        ImportSummary summary = ImportSummary.of(outcomes);
        if (json()) {
            Json.println(out(), summary);
        } else {
            printHuman(outcomes, summary);
        }
        return exitCode(outcomes, summary);
    }

    private void printJson(FileOutcome outcome) {
        if (json()) {
            PrintWriter out = out();
            String line = Json.line(outcome.toLine(status(outcome)));
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }

    private static String status(FileOutcome outcome) {
        return outcome.kind() == FileOutcome.Kind.NOT_AN_IMAGE ? "skipped" : outcome.kind().status();
    }

    private void printHuman(List<FileOutcome> outcomes, ImportSummary summary) {
        PrintWriter out = out();
        outcomes.stream()
                .filter(o -> !o.posted() && (o.kind() != FileOutcome.Kind.NOT_AN_IMAGE || global().verbose()))
                .sorted(Comparator.comparing(FileOutcome::file))
                .forEach(o -> out.println(o.toHumanLine(status(o))));
        out.printf("imported %s: %d files%n", directory, summary.files());
        out.printf("  created     %6d%n", summary.created());
        if (summary.queued() > 0) {
            out.printf("  queued      %6d  (write-back: stored when the queue is flushed)%n", summary.queued());
        }
        out.printf("  duplicates  %6d%n", summary.duplicates());
        out.printf("  no GPS      %6d%n", summary.noGps());
        out.printf("  failed      %6d%n", summary.failed());
        out.printf("  skipped     %6d  (not a supported image)%n", summary.skipped());
        out.flush();
    }

    private int exitCode(List<FileOutcome> outcomes, ImportSummary summary) {
        boolean operationalFailure = outcomes.stream().anyMatch(o -> o.kind() == FileOutcome.Kind.FAILED);
        int rejected = summary.noGps() + summary.failed();
        if (rejected > 0) {
            err().println("tanken: " + rejected + " of " + summary.files() + " files could not be imported");
            err().flush();
        }
        return operationalFailure ? ExitCodes.FAILURE : rejected > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
}
