package dev.tanken.cli.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import java.io.IOException;

/** The JSON shapes of posts: field names and order are part of the CLI's interface. */
public final class PostView {
    private PostView() {
    }

    /**
     * An element of {@code tanken nearby --json}: postId, latitude, longitude, distanceMeters,
     * author, caption, tags, likes, takenAt.
     */
    public record Nearby(NearbyPost hit) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            Post p = hit.post();
            json.writeStartObject();
            json.writeStringField("postId", p.id().toString());
            json.writeNumberField("latitude", p.location().latitude());
            json.writeNumberField("longitude", p.location().longitude());
            json.writeNumberField("distanceMeters", hit.distanceMeters());
            json.writeStringField("author", p.author().username());
            json.writeStringField("caption", p.caption());
            Json.writeStrings(json, "tags", p.tags());
            json.writeNumberField("likes", p.likes());
            json.writeStringField("takenAt", p.takenAt() == null ? null : p.takenAt().toString());
            json.writeEndObject();
        }
    }

    /**
     * {@code tanken post show --json}: postId, createdAt, author, authorId, caption, latitude,
     * longitude, altitude, takenAt, likes, bookmarks, comments, tags and picture (blobKey, mediaType,
     * sha256, width, height).
     */
    public record Full(Post post) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            Post p = post;
            json.writeStartObject();
            json.writeStringField("postId", p.id().toString());
            json.writeStringField("createdAt", p.createdAt().toString());
            json.writeStringField("author", p.author().username());
            json.writeStringField("authorId", p.author().id().toString());
            json.writeStringField("caption", p.caption());
            json.writeNumberField("latitude", p.location().latitude());
            json.writeNumberField("longitude", p.location().longitude());
            Json.writeNumber(json, "altitude", p.location().altitude());
            json.writeStringField("takenAt", p.takenAt() == null ? null : p.takenAt().toString());
            json.writeNumberField("likes", p.likes());
            json.writeNumberField("bookmarks", p.bookmarks());
            json.writeNumberField("comments", p.comments());
            Json.writeStrings(json, "tags", p.tags());
            PictureRef picture = p.picture();
            json.writeObjectFieldStart("picture");
            json.writeStringField("blobKey", picture.blobKey());
            json.writeStringField("mediaType", picture.mediaType());
            json.writeStringField("sha256", picture.sha256());
            json.writeNumberField("width", picture.width());
            json.writeNumberField("height", picture.height());
            json.writeEndObject();
            json.writeEndObject();
        }
    }
}
