package dev.tanken.model;

import dev.tanken.InvalidInputException;
import java.util.Locale;

/** The sizes a post's picture can be fetched in. */
public enum PictureSize {
    /** At most 256 pixels on the long side; a served copy without metadata. */
    THUMB(256),
    /** At most 1080 pixels on the long side; a served copy without metadata. */
    LARGE(1080),
    /** The uploaded file, byte for byte, metadata (GPS included) and all: private to the author. */
    ORIGINAL(0);

    private final int longSide;

    PictureSize(int longSide) {
        this.longSide = longSide;
    }

    /** The long side of a derivative in pixels; 0 for the original. */
    public int longSide() {
        return longSide;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PictureSize parse(String code) {
        if (code != null) {
            for (PictureSize s : values()) {
                if (s.code().equalsIgnoreCase(code.trim())) {
                    return s;
                }
            }
        }
        throw new InvalidInputException("picture size must be thumb, large or original, got '" + code + "'");
    }
}
