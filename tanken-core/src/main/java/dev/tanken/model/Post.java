package dev.tanken.model;

import dev.tanken.InvalidInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A photo post. Immutable: counters are a snapshot taken when the post was read.
 *
 * @param takenAt when the photo was taken, or null when the photo does not say
 * @param tags normalised, de-duplicated and sorted (see {@link Validation#tag(String)})
 */
public record Post(
        PostId id,
        Instant createdAt,
        UserRef author,
        String caption,
        PictureRef picture,
        GeoPoint location,
        TakenAt takenAt,
        long likes,
        long bookmarks,
        long comments,
        List<String> tags) {

    public Post {
        Objects.requireNonNull(id, "post id");
        Objects.requireNonNull(createdAt, "createdAt");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(author, "author");
        caption = Validation.caption(caption);
        Objects.requireNonNull(picture, "picture");
        Objects.requireNonNull(location, "location");
        if (likes < 0 || bookmarks < 0 || comments < 0) {
            throw new InvalidInputException("post counters must not be negative");
        }
        tags = Validation.tags(tags);
    }

    /** A post about to be created: a new time-ordered id, created now, all counters zero. */
    public static Post create(UserRef author, String caption, PictureRef picture, GeoPoint location,
            TakenAt takenAt, List<String> tags) {
        return new Post(PostId.newId(), Instant.now(), author, caption, picture, location, takenAt, 0, 0, 0, tags);
    }

    public Post withCounts(long likes, long bookmarks, long comments) {
        return new Post(id, createdAt, author, caption, picture, location, takenAt, likes, bookmarks, comments, tags);
    }

    public Post withTags(List<String> tags) {
        return new Post(id, createdAt, author, caption, picture, location, takenAt, likes, bookmarks, comments, tags);
    }
}
