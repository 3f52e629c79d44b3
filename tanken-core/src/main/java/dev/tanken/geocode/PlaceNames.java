package dev.tanken.geocode;

import dev.tanken.model.Validation;

/** The rules for a place name a user types for a post. */
public final class PlaceNames {
    /** Longest accepted name, in characters (code points). */
    public static final int MAX_LENGTH = Validation.MAX_PLACE_NAME_LENGTH;

    private PlaceNames() {
    }

    /**
     * The name with surrounding whitespace removed.
     *
     * @throws dev.tanken.InvalidInputException if it is null, empty, longer than {@link #MAX_LENGTH}
     *     characters or holds control characters (a place name is one line of text)
     */
    public static String requireValid(String name) {
        return Validation.placeName(name);
    }
}
