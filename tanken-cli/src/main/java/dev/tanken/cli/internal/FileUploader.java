package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.MissingLocationException;
import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.UnsupportedImageFormatException;
import dev.tanken.UploadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one file and reports the outcome instead of throwing, so that a batch goes on past a bad
 * file. Thread-safe: import calls it from many threads.
 */
public final class FileUploader {
    /** The reason a photo without a location is refused, in the same words for upload, import and a dry run. */
    public static final String NO_GPS = "no GPS position in the photo's metadata";

    private final Tanken tanken;
    private final UploadOptions options;
    private final String missingLocationHint;

    /**
     * @param missingLocationHint what the user can do about a photo without GPS, after the library's
     *     reason (the fix differs between upload and import)
     */
    public FileUploader(Tanken tanken, UploadOptions options, String missingLocationHint) {
        this.tanken = Objects.requireNonNull(tanken, "tanken");
        this.options = Objects.requireNonNull(options, "options");
        this.missingLocationHint = Objects.requireNonNull(missingLocationHint, "missingLocationHint");
    }

    public FileOutcome upload(Path file) {
        return upload(file, options);
    }

    /** Uploads {@code file} with these options instead of the uploader's own. */
    public FileOutcome upload(Path file, UploadOptions options) {
        if (Files.isDirectory(file)) {
            return new FileOutcome(file, FileOutcome.Kind.REJECTED, null, "is a directory (use 'tanken import DIR')");
        }
        if (!Files.exists(file)) {
            return new FileOutcome(file, FileOutcome.Kind.REJECTED, null, "no such file");
        }
        try {
            UploadResult result = tanken.upload(file, options);
            FileOutcome.Kind kind = switch (result.status()) {
                case CREATED -> FileOutcome.Kind.CREATED;
                case QUEUED -> FileOutcome.Kind.QUEUED;
                case DUPLICATE -> FileOutcome.Kind.DUPLICATE;
            };
            return new FileOutcome(file, kind, result.post(), null);
        } catch (MissingLocationException e) {
            return new FileOutcome(file, FileOutcome.Kind.NO_LOCATION, null, NO_GPS + "; " + missingLocationHint);
        } catch (UnsupportedImageFormatException e) {
            return new FileOutcome(file, FileOutcome.Kind.NOT_AN_IMAGE, null, e.getMessage());
        } catch (InvalidInputException e) {
            return new FileOutcome(file, FileOutcome.Kind.REJECTED, null, e.getMessage());
        } catch (RuntimeException e) {
            // Storage failures and bugs alike: report this file and let the batch continue.
            log().debug("upload of {} failed", file, e);
            return new FileOutcome(file, FileOutcome.Kind.FAILED, null, ErrorReporter.describe(e));
        }
    }

    private static Logger log() {
        // Looked up lazily: the logger must not be created before Logging.configure has run.
        return LoggerFactory.getLogger(FileUploader.class);
    }
}
