package dev.tanken.model;

import java.util.Objects;
import java.util.UUID;

/** The few fields of a user that travel with a post or a comment. */
public record UserRef(UUID id, String username) {
    public UserRef {
        Objects.requireNonNull(id, "user id");
        Validation.username(username);
    }
}
