package dev.tanken.cli.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What happened to one file of an upload or import.
 *
 * @param post the created, queued or earlier post; null unless {@code kind} is CREATED, QUEUED or DUPLICATE
 * @param error why the file was not posted; null when it was
 * @param location where the photo is (the post's location, or a dry run's reading); may be null
 */
public record FileOutcome(Path file, Kind kind, Post post, String error, GeoPoint location) {

    public enum Kind {
        CREATED("created"),
        /** Accepted under write-back: the database stores it when the queue is flushed. */
        QUEUED("queued"),
        DUPLICATE("duplicate"),
        /** A photo without GPS metadata and no location given on the command line. */
        NO_LOCATION("rejected"),
        /** Any other file Tanken refused: broken, truncated, over a limit, missing. */
        REJECTED("rejected"),
        /** The bytes are not an image format Tanken supports (import skips such files). */
        NOT_AN_IMAGE("rejected"),
        /** Not the file's fault: the database or blob store failed. */
        FAILED("failed"),
        /** A dry run found a photo that would be posted. */
        WOULD_CREATE("would-create");

        private final String status;

        Kind(String status) {
            this.status = status;
        }

        /** The {@code status} written to JSON. */
        public String status() {
            return status;
        }
    }

    public FileOutcome {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.CREATED || kind == Kind.QUEUED || kind == Kind.DUPLICATE) != (post != null)) {
            throw new IllegalArgumentException(kind + " outcome for " + file + " must carry a post exactly when posted");
        }
        if (location == null && post != null) {
            location = post.location();
        }
    }

    public FileOutcome(Path file, Kind kind, Post post, String error) {
        this(file, kind, post, error, null);
    }

    public boolean posted() {
        return post != null;
    }

    /** One JSON Lines record: {@code file, status, postId, latitude, longitude, error}. */
    public record Line(String file, String status, String postId, Double latitude, Double longitude, String error)
            implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("file", file);
            json.writeStringField("status", status);
            json.writeStringField("postId", postId);
            Json.writeCoordinate(json, "latitude", latitude);
            Json.writeCoordinate(json, "longitude", longitude);
            json.writeStringField("error", error);
            json.writeEndObject();
        }
    }

    public Line toLine(String status) {
        return new Line(file.toString(), status,
                post == null ? null : post.id().toString(),
                location == null ? null : location.latitude(),
                location == null ? null : location.longitude(),
                error);
    }

    public Line toLine() {
        return toLine(kind.status());
    }

    /** One human-readable line, e.g. {@code created    a.jpg  post 0190…  at 35.6595,139.7005}. */
    public String toHumanLine(String status) {
        StringBuilder s = new StringBuilder(String.format("%-9s %s", status, file));
        if (post != null) {
            s.append("  post ").append(post.id())
                    .append("  at ").append(Coordinates.format(post.location()));
            if (kind == Kind.DUPLICATE) {
                s.append("  (posted before)");
            }
        } else if (location != null) {
            s.append("  at ").append(Coordinates.format(location));
        } else if (error != null) {
            s.append(": ").append(error);
        }
        return s.toString();
    }
}
