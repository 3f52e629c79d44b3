package dev.tanken.model;

import dev.tanken.InvalidInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A photo post. Immutable: counters are a snapshot taken when the post was read.
 *
 * @param location where the photo was taken; null only in a view for someone other than the author
 *     of a post whose precision is {@link LocationPrecision#HIDDEN} (see {@link #seenBy})
 * @param takenAt when the photo was taken, or null when the photo does not say
 * @param tags normalised, de-duplicated and sorted (see {@link Validation#tag(String)})
 * @param locationPrecision how precisely others see the location
 * @param variants the served copies (thumbnail, large), ordered by size, at most one per size; empty
 *     when none could be made (see {@code variantsNote})
 * @param variantsNote why the picture has no variants (e.g. a HEIC original Java cannot decode), or null
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
        List<String> tags,
        LocationPrecision locationPrecision,
        List<PictureVariant> variants,
        String variantsNote) {

    public Post {
        Objects.requireNonNull(id, "post id");
        Objects.requireNonNull(createdAt, "createdAt");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(author, "author");
        caption = Validation.caption(caption);
        Objects.requireNonNull(picture, "picture");
        Objects.requireNonNull(locationPrecision, "location precision");
        if (location == null && locationPrecision != LocationPrecision.HIDDEN) {
            throw new InvalidInputException("a post must have a location unless its location is hidden");
        }
        if (likes < 0 || bookmarks < 0 || comments < 0) {
            throw new InvalidInputException("post counters must not be negative");
        }
        tags = Validation.tags(tags);
        variants = sortedVariants(variants);
        if (variantsNote != null && variantsNote.isBlank()) {
            variantsNote = null;
        }
    }

    /** A post as it was before derivatives and location precision existed: exact, no variants. */
    public Post(PostId id, Instant createdAt, UserRef author, String caption, PictureRef picture, GeoPoint location,
            TakenAt takenAt, long likes, long bookmarks, long comments, List<String> tags) {
        this(id, createdAt, author, caption, picture, location, takenAt, likes, bookmarks, comments, tags,
                LocationPrecision.EXACT, List.of(), null);
    }

    /** A post about to be created: a new time-ordered id, created now, all counters zero, exact location. */
    public static Post create(UserRef author, String caption, PictureRef picture, GeoPoint location,
            TakenAt takenAt, List<String> tags) {
        return create(author, caption, picture, location, takenAt, tags, LocationPrecision.EXACT);
    }

    /** A post about to be created with this location precision and no variants yet. */
    public static Post create(UserRef author, String caption, PictureRef picture, GeoPoint location,
            TakenAt takenAt, List<String> tags, LocationPrecision precision) {
        Objects.requireNonNull(location, "location");
        return new Post(PostId.newId(), Instant.now(), author, caption, picture, location, takenAt, 0, 0, 0, tags,
                precision, List.of(), null);
    }

    public Post withCounts(long likes, long bookmarks, long comments) {
        return new Post(id, createdAt, author, caption, picture, location, takenAt, likes, bookmarks, comments, tags,
                locationPrecision, variants, variantsNote);
    }

    public Post withTags(List<String> tags) {
        return new Post(id, createdAt, author, caption, picture, location, takenAt, likes, bookmarks, comments, tags,
                locationPrecision, variants, variantsNote);
    }

    public Post withCaption(String caption) {
        return new Post(id, createdAt, author, caption, picture, location, takenAt, likes, bookmarks, comments, tags,
                locationPrecision, variants, variantsNote);
    }

    public Post withLocationPrecision(LocationPrecision precision) {
        return new Post(id, createdAt, author, caption, picture, location, takenAt, likes, bookmarks, comments, tags,
                precision, variants, variantsNote);
    }

    public Post withVariants(List<PictureVariant> newVariants, String note) {
        return new Post(id, createdAt, author, caption, picture, location, takenAt, likes, bookmarks, comments, tags,
                locationPrecision, newVariants, note);
    }

    /** The served copy of this size, if the post has one. */
    public Optional<PictureVariant> variant(PictureSize size) {
        return variants.stream().filter(v -> v.size() == size).findFirst();
    }

    /** Every blob key the post uses: the original's and its variants'. */
    public List<String> blobKeys() {
        List<String> keys = new ArrayList<>(1 + variants.size());
        keys.add(picture.blobKey());
        variants.forEach(v -> keys.add(v.blobKey()));
        return keys;
    }

    /** True when {@code viewerId} is the author: the one user who always sees everything. */
    public boolean isAuthor(UUID viewerId) {
        return viewerId != null && viewerId.equals(author.id());
    }

    /**
     * The post as {@code viewerId} may see it: unchanged for its author; for anyone else (a null viewer
     * is anonymous) the location is replaced by what the precision allows, an approximate one by its
     * cell's centre without altitude, a hidden one by null.
     */
    public Post seenBy(UUID viewerId) {
        if (isAuthor(viewerId) || locationPrecision == LocationPrecision.EXACT || location == null) {
            return this;
        }
        return new Post(id, createdAt, author, caption, picture, locationPrecision.shown(location), takenAt, likes,
                bookmarks, comments, tags, locationPrecision, variants, variantsNote);
    }

    private static List<PictureVariant> sortedVariants(List<PictureVariant> variants) {
        if (variants == null || variants.isEmpty()) {
            return List.of();
        }
        List<PictureVariant> sorted = new ArrayList<>(variants);
        sorted.forEach(v -> Objects.requireNonNull(v, "variant"));
        sorted.sort(Comparator.comparing(PictureVariant::size));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).size() == sorted.get(i - 1).size()) {
                throw new InvalidInputException("a post has at most one " + sorted.get(i).size().code() + " variant");
            }
        }
        return List.copyOf(sorted);
    }
}
