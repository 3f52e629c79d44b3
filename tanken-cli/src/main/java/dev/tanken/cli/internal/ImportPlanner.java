package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.UnsupportedImageFormatException;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoInspector;
import dev.tanken.model.Post;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What an import would do with a file, read without writing anything: the photo's metadata and
 * limits are checked and the author's earlier posts are searched for the same picture. Pixel data
 * is decoded only by a real upload, so a photo whose header is sound and whose pixels are broken
 * shows as would-create here and is rejected by the import itself.
 */
public final class ImportPlanner {
    private final Tanken tanken;
    private final PhotoInspector inspector;
    private final UUID authorId;
    private final String missingLocationHint;

    /** @param authorId the importing user, or null when that user does not exist yet (nothing is a duplicate) */
    public ImportPlanner(Tanken tanken, PhotoInspector inspector, UUID authorId, String missingLocationHint) {
        this.tanken = Objects.requireNonNull(tanken, "tanken");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.authorId = authorId;
        this.missingLocationHint = missingLocationHint;
    }

    public FileOutcome plan(Path file) {
        Photo photo;
        try {
            photo = inspector.read(file);
        } catch (UnsupportedImageFormatException e) {
            return new FileOutcome(file, FileOutcome.Kind.NOT_AN_IMAGE, null, e.getMessage());
        } catch (InvalidInputException e) {
            return new FileOutcome(file, FileOutcome.Kind.REJECTED, null, e.getMessage());
        } catch (RuntimeException e) {
            return new FileOutcome(file, FileOutcome.Kind.FAILED, null, ErrorReporter.describe(e));
        }
        if (authorId != null) {
            Optional<Post> earlier = tanken.database().findPostByPicture(authorId, photo.sha256())
                    .flatMap(id -> tanken.post(id));
            if (earlier.isPresent()) {
                return new FileOutcome(file, FileOutcome.Kind.DUPLICATE, earlier.get(), null);
            }
        }
        if (photo.metadata().location() == null) {
            return new FileOutcome(file, FileOutcome.Kind.NO_LOCATION, null,
                    FileUploader.NO_GPS + "; " + missingLocationHint);
        }
        return new FileOutcome(file, FileOutcome.Kind.WOULD_CREATE, null, null, photo.metadata().location());
    }
}
