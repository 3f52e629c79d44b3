package dev.tanken;

import dev.tanken.model.GeoPoint;
import dev.tanken.model.Validation;
import java.util.List;

/**
 * What to attach to an uploaded photo.
 *
 * @param username who posts it; created on first use
 * @param caption may be null
 * @param tags may be empty
 * @param location overrides the photo's GPS; required when the photo has none, else null
 */
public record UploadOptions(String username, String caption, List<String> tags, GeoPoint location) {

    public UploadOptions {
        Validation.username(username);
        caption = Validation.caption(caption);
        tags = Validation.tags(tags);
    }

    public static UploadOptions by(String username) {
        return new UploadOptions(username, null, List.of(), null);
    }

    public UploadOptions withCaption(String newCaption) {
        return new UploadOptions(username, newCaption, tags, location);
    }

    public UploadOptions withTags(List<String> newTags) {
        return new UploadOptions(username, caption, newTags, location);
    }

    public UploadOptions withLocation(GeoPoint newLocation) {
        return new UploadOptions(username, caption, tags, newLocation);
    }
}
