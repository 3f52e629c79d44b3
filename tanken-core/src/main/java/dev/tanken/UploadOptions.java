package dev.tanken;

import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Validation;
import java.util.List;

/**
 * What to attach to an uploaded photo.
 *
 * @param username who posts it; created on first use
 * @param caption the post's caption; null for none given, in which case the post takes the photo's own
 *     description ({@link dev.tanken.ingest.PhotoMetadata#caption()}) if it has one. An empty caption is
 *     a choice: the post gets no caption even if the photo carries a description.
 * @param tags may be empty
 * @param location overrides the photo's GPS; required when the photo has none, else null
 * @param precision how precisely others see the location; null for the user's default
 */
public record UploadOptions(String username, String caption, List<String> tags, GeoPoint location,
        LocationPrecision precision) {

    public UploadOptions {
        Validation.username(username);
        caption = caption == null ? null : Validation.caption(Validation.typedText(caption, "caption"));
        tags = Validation.tags(tags);
    }

    /** Options that take the user's default location precision. */
    public UploadOptions(String username, String caption, List<String> tags, GeoPoint location) {
        this(username, caption, tags, location, null);
    }

    public static UploadOptions by(String username) {
        return new UploadOptions(username, null, List.of(), null, null);
    }

    public UploadOptions withCaption(String newCaption) {
        return new UploadOptions(username, newCaption, tags, location, precision);
    }

    public UploadOptions withTags(List<String> newTags) {
        return new UploadOptions(username, caption, newTags, location, precision);
    }

    public UploadOptions withLocation(GeoPoint newLocation) {
        return new UploadOptions(username, caption, tags, newLocation, precision);
    }

    public UploadOptions withPrecision(LocationPrecision newPrecision) {
        return new UploadOptions(username, caption, tags, location, newPrecision);
    }
}
