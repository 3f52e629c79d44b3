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

    /** The canonical text form's dash positions; a prefix typed without dashes gets them back there. */
    private static final String TEMPLATE = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    /**
     * A beginning of a post id in its canonical form: lower case, with the dashes where the canonical
     * text has them whether or not the input had them ({@code 0190F5C21A} gives {@code 0190f5c2-1a}).
     *
     * @throws InvalidInputException naming the text when it is empty, longer than an id, or not
     *     hexadecimal digits and dashes in the canonical places
     */
    public static String canonicalPrefix(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("post id must not be empty");
        }
        String digits = text.trim().replace("-", "").toLowerCase(java.util.Locale.ROOT);
        StringBuilder prefix = new StringBuilder(TEMPLATE.length());
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') || prefix.length() >= TEMPLATE.length()) {
                throw new InvalidInputException("not a post id or the beginning of one (hexadecimal digits, as in"
                        + " 0190f5c2-...): '" + text + "'");
            }
            if (TEMPLATE.charAt(prefix.length()) == '-') {
                prefix.append('-');
            }
            prefix.append(c);
        }
        String canonical = prefix.toString();
        String typed = text.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("-+$", "");
        if (typed.contains("-") && !canonical.startsWith(typed)) {
            throw new InvalidInputException("not a post id or the beginning of one (dashes go after the 8th, 12th,"
                    + " 16th and 20th digits, as in 0190f5c2-1a2b-...): '" + text + "'");
        }
        return canonical;
    }

    /** The smallest id that begins with {@code prefix} (see {@link #canonicalPrefix}). */
    public static PostId lowestWithPrefix(String prefix) {
        return fill(prefix, '0');
    }

    /** The largest id that begins with {@code prefix} (see {@link #canonicalPrefix}). */
    public static PostId highestWithPrefix(String prefix) {
        return fill(prefix, 'f');
    }

    private static PostId fill(String prefix, char digit) {
        String canonical = canonicalPrefix(prefix);
        return new PostId(UUID.fromString(canonical + TEMPLATE.substring(canonical.length()).replace('x', digit)));
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
