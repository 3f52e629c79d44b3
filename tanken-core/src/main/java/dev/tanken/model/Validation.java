package dev.tanken.model;

import dev.tanken.InvalidInputException;
import java.text.Normalizer;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Rules shared by the model's constructors, so every entry point rejects the same values. */
public final class Validation {
    public static final int MAX_CAPTION_LENGTH = 2200;
    public static final int MAX_COMMENT_LENGTH = 2200;
    public static final int MAX_TAG_LENGTH = 64;
    public static final int MAX_TAGS = 30;

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._-]{1,64}");
    // Compiled once: models are rebuilt from the cache on every read, where String.matches showed up.
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+-]+");
    private static final Pattern SPACE_OR_COMMA = Pattern.compile("[\\s,]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private Validation() {
    }

    public static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("username must be 1 to 64 letters, digits, '.', '_' or '-', got '"
                    + username + "'");
        }
        return username;
    }

    public static String sha256(String sha256) {
        if (!isLowerHex64(sha256)) {
            throw new InvalidInputException("SHA-256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        return sha256;
    }

    // A loop, not a regex: every post read from the cache checks its picture's digest.
    private static boolean isLowerHex64(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** True for a media type such as {@code image/jpeg}. */
    public static boolean isMediaType(String mediaType) {
        return mediaType != null && MEDIA_TYPE.matcher(mediaType).matches();
    }

    /** True when the text holds a whitespace character or a comma. */
    public static boolean hasSpaceOrComma(String text) {
        return SPACE_OR_COMMA.matcher(text).find();
    }

    /** True for something shaped like {@code name@host}. */
    public static boolean isEmail(String email) {
        return email != null && EMAIL.matcher(email).matches();
    }

    /** Captions are stored NFC-normalised; null means no caption and becomes the empty string. */
    public static String caption(String caption) {
        if (caption == null) {
            return "";
        }
        String normalized = Normalizer.normalize(caption, Normalizer.Form.NFC);
        if (normalized.codePointCount(0, normalized.length()) > MAX_CAPTION_LENGTH) {
            throw new InvalidInputException("caption is longer than " + MAX_CAPTION_LENGTH + " characters");
        }
        return normalized;
    }

    /**
     * The one rule for text a person types that may run over several lines (captions, comments):
     * line breaks and tabs are text, every other control character (ESC, BEL, CR on its own, DEL,
     * C1) is refused, as it is in a place name, since it can only drive the terminal of whoever reads
     * it. Text taken from a photo's metadata is cleaned instead: nobody typed it. Checked where text
     * comes in, not when a stored value is read back.
     *
     * @param what names the text in the message ("caption")
     */
    public static String typedText(String text, String what) {
        if (text == null) {
            return null;
        }
        String lines = text.replace("\r\n", "\n");
        int[] bad = lines.codePoints().filter(cp -> cp != '\n' && cp != '\t' && Character.isISOControl(cp)).toArray();
        if (bad.length > 0) {
            throw new InvalidInputException(what + " must not hold control characters other than line breaks and "
                    + "tabs, got U+" + String.format("%04X", bad[0]));
        }
        return lines;
    }

    public static String commentText(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("comment text must not be empty");
        }
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        if (normalized.codePointCount(0, normalized.length()) > MAX_COMMENT_LENGTH) {
            throw new InvalidInputException("comment is longer than " + MAX_COMMENT_LENGTH + " characters");
        }
        return normalized;
    }

    /**
     * A tag is stored NFC-normalised and lower-cased, without a leading '#'. It may hold any letters
     * and digits (including CJK) plus '_' and '-', but no whitespace.
     */
    public static String tag(String tag) {
        if (tag == null) {
            throw new InvalidInputException("tag must not be null");
        }
        String t = Normalizer.normalize(tag.strip(), Normalizer.Form.NFC);
        if (t.startsWith("#")) {
            t = t.substring(1);
        }
        t = t.toLowerCase(java.util.Locale.ROOT);
        if (t.isEmpty() || t.codePointCount(0, t.length()) > MAX_TAG_LENGTH
                || !t.codePoints().allMatch(cp -> Character.isLetterOrDigit(cp) || cp == '_' || cp == '-'
                        || Character.getType(cp) == Character.NON_SPACING_MARK
                        || Character.getType(cp) == Character.COMBINING_SPACING_MARK)) {
            throw new InvalidInputException("tag must be 1 to " + MAX_TAG_LENGTH
                    + " letters, digits, '_' or '-' (no spaces), got '" + tag + "'");
        }
        return t;
    }

    /** Normalises, de-duplicates and sorts tags so that equal tag sets compare equal. */
    public static List<String> tags(Collection<String> tags) {
        if (tags == null) {
            return List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        for (String tag : tags) {
            out.add(tag(tag));
        }
        if (out.size() > MAX_TAGS) {
            throw new InvalidInputException("a post may carry at most " + MAX_TAGS + " tags, got " + out.size());
        }
        return List.copyOf(out);
    }

    /** Longest accepted place name, in characters (code points). */
    public static final int MAX_PLACE_NAME_LENGTH = 100;

    /**
     * A place name a user typed for a post, without surrounding whitespace.
     *
     * @throws InvalidInputException if it is null, empty, longer than {@link #MAX_PLACE_NAME_LENGTH}
     *     characters or holds control characters (a place name is one line of text)
     */
    public static String placeName(String name) {
        if (name == null) {
            throw new InvalidInputException("place name must not be null");
        }
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            throw new InvalidInputException("place name must not be empty");
        }
        int length = stripped.codePointCount(0, stripped.length());
        if (length > MAX_PLACE_NAME_LENGTH) {
            throw new InvalidInputException("place name must be at most " + MAX_PLACE_NAME_LENGTH
                    + " characters, got " + length);
        }
        if (stripped.codePoints().anyMatch(Character::isISOControl)) {
            // The rule of typedText, and a name is one line, so no line breaks either.
            throw new InvalidInputException("place name must be one line without control characters");
        }
        return stripped;
    }
}
