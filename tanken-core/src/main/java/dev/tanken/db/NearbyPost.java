package dev.tanken.db;

import dev.tanken.model.Post;
import java.util.Objects;

/** A post found by a nearby search, with its great-circle distance from the search centre. */
public record NearbyPost(Post post, double distanceMeters) {
    public NearbyPost {
        Objects.requireNonNull(post, "post");
    }
}
