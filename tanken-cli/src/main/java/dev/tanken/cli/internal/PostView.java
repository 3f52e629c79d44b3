package dev.tanken.cli.internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import java.util.List;

/** The JSON shapes of posts: field names and order are part of the CLI's interface. */
public final class PostView {
    private PostView() {
    }

    /** An element of {@code tanken nearby --json}. */
    @JsonPropertyOrder({"postId", "latitude", "longitude", "distanceMeters", "author", "caption", "tags", "likes",
        "takenAt"})
    public record Nearby(String postId, double latitude, double longitude, double distanceMeters, String author,
            String caption, List<String> tags, long likes, String takenAt) {

        public static Nearby of(NearbyPost hit) {
            Post p = hit.post();
            return new Nearby(p.id().toString(), p.location().latitude(), p.location().longitude(),
                    hit.distanceMeters(), p.author().username(), p.caption(), p.tags(), p.likes(),
                    p.takenAt() == null ? null : p.takenAt().toString());
        }
    }

    /** {@code tanken post show --json}: every field of a post. */
    @JsonPropertyOrder({"postId", "createdAt", "author", "authorId", "caption", "latitude", "longitude", "altitude",
        "takenAt", "likes", "bookmarks", "comments", "tags", "picture"})
    public record Full(String postId, String createdAt, String author, String authorId, String caption,
            double latitude, double longitude, Double altitude, String takenAt, long likes, long bookmarks,
            long comments, List<String> tags, Picture picture) {

        public static Full of(Post p) {
            return new Full(p.id().toString(), p.createdAt().toString(), p.author().username(),
                    p.author().id().toString(), p.caption(), p.location().latitude(), p.location().longitude(),
                    p.location().altitude(), p.takenAt() == null ? null : p.takenAt().toString(), p.likes(),
                    p.bookmarks(), p.comments(), p.tags(), Picture.of(p.picture()));
        }
    }

    @JsonPropertyOrder({"blobKey", "mediaType", "sha256", "width", "height"})
    public record Picture(String blobKey, String mediaType, String sha256, int width, int height) {
        static Picture of(PictureRef ref) {
            return new Picture(ref.blobKey(), ref.mediaType(), ref.sha256(), ref.width(), ref.height());
        }
    }
}
