package dev.tanken.model;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.tanken.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/**
 * Identifier of a post: a UUIDv7, so ids sort by creation time and new rows land at the right-hand
 * edge of every index on them (index locality for inserts and for "newest first" scans).
 */
public record PostId(UUID value) implements Comparable<PostId> {

    public PostId {
        Objects.requireNonNull(value, "post id");
    }

    /** A new, time-ordered id. Ids made by one JVM are strictly increasing. */
    public static PostId newId() {
        return new PostId(UuidCreator.getTimeOrderedEpoch());
    }

    /** Parses the canonical UUID text form, naming the bad value when it is not one. */
    public static PostId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("post id must not be empty");
        }
        try {
            String trimmed = text.trim();
            if (trimmed.length() != 36) {
                throw new IllegalArgumentException();
            }
            return new PostId(UUID.fromString(trimmed));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("not a post id (expected a UUID such as 0190f5c2-...): '" + text + "'");
        }
    }

    /** Compares as unsigned bytes, which for UUIDv7 is creation order (UUID.compareTo is signed). */
    @Override
    public int compareTo(PostId other) {
        int c = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
