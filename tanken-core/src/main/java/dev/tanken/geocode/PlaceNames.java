package dev.tanken.geocode;

import dev.tanken.InvalidInputException;

/** The rules for a place name a user types for a post. */
public final class PlaceNames {
    /** Longest accepted name, in characters (code points). */
    public static final int MAX_LENGTH = 100;

    private PlaceNames() {
    }

    /**
     * The name with surrounding whitespace removed.
     *
     * @throws InvalidInputException if it is null, empty, longer than {@link #MAX_LENGTH} characters
     *     or holds control characters (a place name is one line of text)
     */
    public static String requireValid(String name) {
        if (name == null) {
            throw new InvalidInputException("place name must not be null");
        }
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            throw new InvalidInputException("place name must not be empty");
        }
        int length = stripped.codePointCount(0, stripped.length());
        if (length > MAX_LENGTH) {
            throw new InvalidInputException("place name must be at most " + MAX_LENGTH + " characters, got " + length);
        }
        if (stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("place name must be one line without control characters");
        }
        return stripped;
    }
}
