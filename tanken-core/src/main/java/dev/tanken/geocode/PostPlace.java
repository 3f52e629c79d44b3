package dev.tanken.geocode;

import dev.tanken.model.PostId;
import java.util.Objects;

/**
 * The place name of a post.
 *
 * @param postId the post
 * @param name what to call the place: the name the author chose, else the gazetteer's label; null
 *     when neither exists (a post far out at sea)
 * @param chosenByAuthor true when {@code name} is the author's own choice
 * @param gazetteer the gazetteer's answer for the post's location, with the distance to it; null when
 *     there is none. Present even when the author chose a name, so both can be shown.
 */
public record PostPlace(PostId postId, String name, boolean chosenByAuthor, PlaceMatch gazetteer) {
    public PostPlace {
        Objects.requireNonNull(postId, "post id");
        if (chosenByAuthor && name == null) {
            throw new IllegalArgumentException("a chosen place name must not be null");
        }
    }
}
