package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.cli.internal.BatchUpload;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.FileOutcome;
import dev.tanken.cli.internal.FileUploader;
import dev.tanken.cli.internal.FolderTags;
import dev.tanken.cli.internal.ImportPlanner;
import dev.tanken.ingest.PhotoInspector;
import dev.tanken.model.User;
import java.util.UUID;
import java.util.function.Function;
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
            "Walks DIR recursively (hidden files and directories are skipped unless --include-hidden, and so "
                + "is whatever an --ignore glob matches) and posts every photo it finds, on --concurrency "
                + "threads. Files that are not images are skipped; a photo without GPS metadata, or a broken "
                + "one, is reported and the import goes on. Each post's caption is the photo's own "
                + "description (EXIF ImageDescription, XMP dc:description or IPTC Caption/Abstract), if it "
                + "has one that is not a camera's placeholder.",
            "",
            "With --json, prints one JSON object per file and line, as 'tanken upload --json' does "
                + "(status 'skipped' for files that are no image, 'would-create' in a dry run), then one "
                + "{\"summary\": {files, created, queued, duplicates, rejected, noGps, failed, skipped}} object "
                + "(a dry run adds wouldCreate and dryRun); queued counts posts accepted under write-back, "
                + "noGps the rejected photos that had no location. A progress bar goes to stderr "
                + "when it is a terminal, with --json too.",
            "",
            "Exits with 0 when every file was posted, found a duplicate, rejected or skipped for a reason "
                + "of its own (each is reported and counted), 1 if any could not be posted because the "
                + "database or the blob store failed, and with --strict 2 if any photo was rejected.",
        })
final class ImportCommand extends TankenSubcommand {
    private static final int MAX_CONCURRENCY = 64;

    @Parameters(paramLabel = "DIR", description = "Directory to import.")
    Path directory;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Who posts the photos; created on first use (default: the OS user).")
    String user;

    @Option(names = "--precision", paramLabel = "P", converter = dev.tanken.cli.internal.PrecisionConverter.class,
            completionCandidates = dev.tanken.cli.internal.PrecisionConverter.Names.class,
            description = "How precisely others see the locations: exact, approximate (~1 km cell) or hidden "
                    + "(default: the user's default).")
    dev.tanken.model.LocationPrecision precision;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Photos processed at once (default: the number of CPU cores).")
    Integer concurrency;

    @Option(names = "--dry-run",
            description = "Read every file and say what would happen, without posting anything or creating the user.")
    boolean dryRun;

    @Option(names = "--ignore", paramLabel = "GLOB",
            description = "Leave out files and directories matching GLOB, relative to DIR or by name "
                    + "(repeatable), e.g. '*.raw', 'drafts/**'.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--include-hidden", description = "Also import hidden files and directories ('.name').")
    boolean includeHidden;

    @Option(names = "--tags-from-folders",
            description = "Tag each post with the names of the folders between DIR and the photo "
                    + "(2024/kyoto/a.jpg: #2024 #kyoto); spaces become '-', other characters a tag "
                    + "cannot hold are dropped.")
    boolean tagsFromFolders;

    @Option(names = "--strict", description = "Exit with 2 when any photo was rejected (broken, over a limit, no GPS).")
    boolean strict;

    /** What a photo without GPS needs, in an import: a directory has no single location to give. */
    private static final String IMPORT_NO_GPS_HINT = "post it with 'tanken upload FILE --lat D --lon D'";

    @Override
    public Integer call() {
        int threads = concurrency == null ? Runtime.getRuntime().availableProcessors() : concurrency;
        if (threads < 1 || threads > MAX_CONCURRENCY) {
            throw usageError("--concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + threads);
        }
        UploadOptions options = UploadOptions.by(actingUser(user)).withPrecision(precision);
        PhotoTree.Listing listing = PhotoTree.list(directory, new PhotoTree.Filter(includeHidden, ignore));

        List<FileOutcome> outcomes = new ArrayList<>(listing.unreadable());
        listing.unreadable().forEach(this::printJson);
        try (Tanken tanken = openTanken()) {
            Function<Path, FileOutcome> work;
            if (dryRun) {
                UUID author = tanken.database().findUserByName(options.username()).map(User::id).orElse(null);
                work = new ImportPlanner(tanken, new PhotoInspector(config().limits()), author,
                        IMPORT_NO_GPS_HINT)::plan;
            } else {
                // Created up front: a bad --user fails once, not once per file, and workers never race on it.
                tanken.user(options.username());
                FileUploader uploader = new FileUploader(tanken, options, IMPORT_NO_GPS_HINT);
                work = tagsFromFolders
                        ? file -> uploader.upload(file, options.withTags(FolderTags.of(directory, file)))
                        : uploader::upload;
            }
            try (Progress progress = Progress.of("import", listing.files().size(), environment(), err())) {
                outcomes.addAll(BatchUpload.run(listing.files(), work, threads, outcome -> {
                    printJson(outcome);
                    progress.step();
                }));
            }
        }
        ImportSummary summary = ImportSummary.of(outcomes, dryRun);
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
        out.printf("%s %s: %d files%n", dryRun ? "dry run of" : "imported", directory, summary.files());
        if (dryRun) {
            out.printf("  would create %5d%n", summary.wouldCreate());
        } else {
            out.printf("  created     %6d%n", summary.created());
        }
        if (summary.queued() > 0) {
            out.printf("  queued      %6d  (write-back: stored when the queue is flushed)%n", summary.queued());
        }
        out.printf("  duplicates  %6d%n", summary.duplicates());
        out.printf("  rejected    %6d  (%d without GPS)%n", summary.rejected(), summary.noGps());
        out.printf("  failed      %6d%n", summary.failed());
        out.printf("  skipped     %6d  (not a supported image)%n", summary.skipped());
        out.flush();
    }

    private int exitCode(List<FileOutcome> outcomes, ImportSummary summary) {
        int notPosted = summary.rejected() + summary.failed();
        if (notPosted > 0) {
            err().println("tanken: " + notPosted + " of " + summary.files() + " files could not be "
                    + (dryRun ? "imported as they are" : "imported") + " (" + summary.rejected() + " rejected, "
                    + summary.failed() + " failed)");
            err().flush();
        }
        if (summary.failed() > 0) {
            return ExitCodes.FAILURE;
        }
        return strict && summary.rejected() > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
}
