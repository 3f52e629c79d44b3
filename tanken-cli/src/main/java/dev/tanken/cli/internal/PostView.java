package dev.tanken.cli.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import java.io.IOException;
import java.nio.file.Path;

/** The JSON shapes of posts: field names and order are part of the CLI's interface. */
public final class PostView {
    private PostView() {
    }

    /**
     * An element of {@code tanken nearby --json}: postId, latitude, longitude, distanceMeters,
     * author, caption, tags, likes, takenAt, locationPrecision (latitude and longitude are what the
     * viewer may see: for others' approximate posts, their cell's centre).
     */
    public record Nearby(NearbyPost hit, dev.tanken.geocode.PostPlace place) implements Json.Writable {
        public Nearby(NearbyPost hit) {
            this(hit, null);
        }

        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            Post p = hit.post();
            json.writeStartObject();
            json.writeStringField("postId", p.id().toString());
            Json.writeCoordinate(json, "latitude", p.location().latitude());
            Json.writeCoordinate(json, "longitude", p.location().longitude());
            json.writeNumberField("distanceMeters", hit.distanceMeters());
            json.writeStringField("author", p.author().username());
            json.writeStringField("caption", p.caption());
            Json.writeStrings(json, "tags", p.tags());
            json.writeNumberField("likes", p.likes());
            json.writeStringField("takenAt", TextTable.takenAt(p.takenAt()));
            json.writeStringField("locationPrecision", p.locationPrecision().code());
            if (place != null) {
                // Only with --places: place, placeChosenByAuthor, placeDistanceMeters.
                json.writeStringField("place", place.name());
                json.writeBooleanField("placeChosenByAuthor", place.chosenByAuthor());
                Json.writeNumber(json, "placeDistanceMeters",
                        place.gazetteer() == null ? null : place.gazetteer().distanceMeters());
            }
            json.writeEndObject();
        }
    }

    /**
     * {@code tanken post show --json}: postId, createdAt, author, authorId, caption, latitude,
     * longitude, altitude (all three null when the location is hidden from the viewer), takenAt,
     * likes, bookmarks, comments, tags, picture (blobKey, mediaType, sha256, width, height),
     * locationPrecision, variants (size, blobKey, mediaType, sha256, width, height), variantsNote,
     * and downloadedTo (null without --download).
     */
    public record Full(Post post, Path downloadedTo) implements Json.Writable {
        public Full(Post post) {
            this(post, null);
        }

        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            Post p = post;
            json.writeStartObject();
            json.writeStringField("postId", p.id().toString());
            json.writeStringField("createdAt", p.createdAt().toString());
            json.writeStringField("author", p.author().username());
            json.writeStringField("authorId", p.author().id().toString());
            json.writeStringField("caption", p.caption());
            GeoPoint at = p.location();
            Json.writeCoordinate(json, "latitude", at == null ? null : at.latitude());
            Json.writeCoordinate(json, "longitude", at == null ? null : at.longitude());
            Json.writeNumber(json, "altitude", at == null ? null : at.altitude());
            json.writeStringField("takenAt", TextTable.takenAt(p.takenAt()));
            json.writeNumberField("likes", p.likes());
            json.writeNumberField("bookmarks", p.bookmarks());
            json.writeNumberField("comments", p.comments());
            Json.writeStrings(json, "tags", p.tags());
            PictureRef picture = p.picture();
            json.writeObjectFieldStart("picture");
            writeBlob(json, picture.blobKey(), picture.mediaType(), picture.sha256(), picture.width(),
                    picture.height());
            json.writeEndObject();
            json.writeStringField("locationPrecision", p.locationPrecision().code());
            json.writeArrayFieldStart("variants");
            for (PictureVariant v : p.variants()) {
                json.writeStartObject();
                json.writeStringField("size", v.size().code());
                writeBlob(json, v.blobKey(), v.mediaType(), v.sha256(), v.width(), v.height());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("variantsNote", p.variantsNote());
            json.writeStringField("downloadedTo", downloadedTo == null ? null : downloadedTo.toString());
            json.writeEndObject();
        }

        /** The fields the picture and each served copy share: blobKey, mediaType, sha256, width, height. */
        private static void writeBlob(JsonGenerator json, String blobKey, String mediaType, String sha256, int width,
                int height) throws IOException {
            json.writeStringField("blobKey", blobKey);
            json.writeStringField("mediaType", mediaType);
            json.writeStringField("sha256", sha256);
            json.writeNumberField("width", width);
            json.writeNumberField("height", height);
        }
    }
}
