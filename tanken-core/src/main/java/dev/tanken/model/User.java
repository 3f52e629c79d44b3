package dev.tanken.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A Tanken user, with the fields of the seed design's {@code users} table.
 *
 * @param email nullable
 * @param bio nullable
 * @param profilePictureLink nullable
 * @param oauthProvider nullable; the identity provider the user signed in with, if any
 * @param lastLogin nullable
 * @param defaultLocationPrecision the precision of this user's uploads when the upload does not say
 */
public record User(
        UUID id,
        String username,
        String email,
        String bio,
        String profilePictureLink,
        String oauthProvider,
        Instant createdAt,
        Instant lastLogin,
        boolean subscribed,
        LocationPrecision defaultLocationPrecision) {

    public User {
        Objects.requireNonNull(id, "user id");
        Validation.username(username);
        if (email != null && !Validation.isEmail(email)) {
            throw new dev.tanken.InvalidInputException("email must look like name@host, got '" + email + "'");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        lastLogin = lastLogin == null ? null : lastLogin.truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(defaultLocationPrecision, "default location precision");
    }

    /** A user whose uploads show their exact location unless an upload says otherwise. */
    public User(UUID id, String username, String email, String bio, String profilePictureLink, String oauthProvider,
            Instant createdAt, Instant lastLogin, boolean subscribed) {
        this(id, username, email, bio, profilePictureLink, oauthProvider, createdAt, lastLogin, subscribed,
                LocationPrecision.EXACT);
    }

    /** A user about to be created: a new time-ordered id, created now, not subscribed. */
    public static User create(String username, String email) {
        return new User(com.github.f4b6a3.uuid.UuidCreator.getTimeOrderedEpoch(), username, email, null, null, null,
                Instant.now(), null, false);
    }

    public User withDefaultLocationPrecision(LocationPrecision precision) {
        return new User(id, username, email, bio, profilePictureLink, oauthProvider, createdAt, lastLogin, subscribed,
                precision);
    }

    public UserRef ref() {
        return new UserRef(id, username);
    }
}
