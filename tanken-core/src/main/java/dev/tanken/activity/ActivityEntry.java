package dev.tanken.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.internal.Json;
import dev.tanken.activity.internal.Uuid7;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One recorded action: who ({@code actor}) did what ({@code action}) to which object ({@code
 * subjectType}, {@code subjectId}) and when, with details in a JSON object ({@code payload}).
 *
 * <p>The id is a UUIDv7: unique, and ordered by time, so an entry replayed from a queue is
 * recognised by its id and written once. Entries are immutable, their {@link Payload} included.
 *
 * @param occurredAt when the action happened (microsecond precision), not when it was stored
 * @param actor who acted: a username, or a name such as {@code system}; 1 to 128 characters
 * @param action a dotted lower-case name such as {@code post.like} (see {@link Actions})
 * @param subjectType the kind of object acted on, e.g. {@code post}, {@code comment}, {@code user}
 * @param subjectId the object's id, 1 to 128 characters
 * @param payload a JSON object; null means {@link Payload#EMPTY}
 * @param app the application that recorded the action: {@value #TANKEN_APP} for Tanken's own
 *     entries, else the name of an application registered to send entries (see {@link ActivityIngest})
 */
public record ActivityEntry(UUID id, Instant occurredAt, String actor, String action, String subjectType,
        String subjectId, Payload payload, String app) {

    /** The application name of the entries Tanken records itself. */
    public static final String TANKEN_APP = "tanken";

    public static final int MAX_NAME_LENGTH = 128;
    /** The earliest and latest times both backends store exactly (microseconds since 1970 in 64 bits). */
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){0,7}");
    static final Pattern SUBJECT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    static final Pattern APP = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public ActivityEntry {
        Objects.requireNonNull(id, "activity entry id");
        if (id.version() != 7) {
            throw new InvalidInputException("activity entry id must be a time-ordered UUIDv7, got " + id);
        }
        occurredAt = requireTime(occurredAt, "occurredAt");
        actor = requireName(actor, "actor");
        action = requireAction(action);
        subjectType = requireSubjectType(subjectType);
        subjectId = requireName(subjectId, "subject id");
        payload = payload == null ? Payload.EMPTY : payload;
        app = app == null ? TANKEN_APP : requireApp(app);
    }

    /** One of Tanken's own entries. */
    public ActivityEntry(UUID id, Instant occurredAt, String actor, String action, String subjectType,
            String subjectId, Payload payload) {
        this(id, occurredAt, actor, action, subjectType, subjectId, payload, TANKEN_APP);
    }

    /** With the payload given as a Jackson object, copied (null: {@code {}}). */
    public ActivityEntry(UUID id, Instant occurredAt, String actor, String action, String subjectType,
            String subjectId, ObjectNode payload) {
        this(id, occurredAt, actor, action, subjectType, subjectId, Payload.of(payload));
    }

    /** An entry for an action happening now, with a new id. */
    public static ActivityEntry now(String actor, String action, String subjectType, String subjectId,
            ObjectNode payload) {
        Instant now = Instant.now();
        return new ActivityEntry(Uuid7.at(now), now, actor, action, subjectType, subjectId, Payload.of(payload));
    }

    /** A new, empty payload object to fill in. */
    public static ObjectNode newPayload() {
        return Json.nodes().objectNode();
    }

    /** The payload as compact JSON text. */
    public String payloadJson() {
        return payload.json();
    }

    /** Parses payload JSON text, which must be an object. */
    public static Payload parsePayload(String json) {
        return Payload.parse(json);
    }

    static Instant requireTime(Instant time, String what) {
        if (time == null) {
            throw new InvalidInputException(what + " must not be null");
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw new InvalidInputException(what + " must lie between " + EARLIEST + " and " + LATEST + ", got " + time);
        }
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    /** A name such as an actor or subject id: 1 to 128 characters, no control characters or surrounding spaces. */
    public static String requireName(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(what + " must not be empty");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException(what + " must be at most " + MAX_NAME_LENGTH + " characters, got "
                    + value.length());
        }
        if (hasControl(value) || !value.equals(value.strip())) {
            throw new InvalidInputException(what + " must not contain control characters or surrounding spaces, got '"
                    + value.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return value;
    }

    /** Whether any character is a control character (every one lies in the BMP, so chars suffice). */
    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** A dotted lower-case action name such as {@code post.like}. */
    public static String requireAction(String action) {
        if (action == null || action.length() > 64 || !isAction(action)) {
            throw new InvalidInputException("action must be a dotted lower-case name such as 'post.like' (letters,"
                    + " digits, '_'; at most 64 characters), got '" + action + "'");
        }
        return action;
    }

    /** An application name: 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter. */
    public static String requireApp(String app) {
        if (app == null || !isName(app, 64, true)) {
            throw new InvalidInputException("app must be 1 to 64 lower-case letters, digits, '-' or '_', starting with"
                    + " a letter, got '" + (app == null ? null : app.replaceAll("\\p{Cntrl}", "?")) + "'");
        }
        return app;
    }

    static String requireSubjectType(String type) {
        if (type == null || !isName(type, 32, false)) {
            throw new InvalidInputException("subject type must be 1 to 32 lower-case letters, digits or '_',"
                    + " starting with a letter, got '" + type + "'");
        }
        return type;
    }

    /*
     * The names' patterns, checked character by character: every entry of a stream passes them, and
     * each regular-expression check allocates a matcher and interprets the pattern. ACTION, APP and
     * SUBJECT_TYPE above say what is accepted; ActivityEntryNamesTest holds the two to each other.
     */

    /** {@code [a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,7}}. */
    static boolean isAction(String s) {
        int dots = 0;
        boolean segmentStart = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (segmentStart) {
                if (c < 'a' || c > 'z') {
                    return false;
                }
                segmentStart = false;
            } else if (c == '.') {
                if (++dots > 7) {
                    return false;
                }
                segmentStart = true;
            } else if (!isLowerDigitOrUnderscore(c)) {
                return false;
            }
        }
        return !segmentStart;
    }

    /** {@code [a-z][a-z0-9_-]{0,max-1}} with the dash, else {@code [a-z][a-z0-9_]{0,max-1}}. */
    static boolean isName(String s, int max, boolean dash) {
        int n = s.length();
        if (n == 0 || n > max || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!isLowerDigitOrUnderscore(c) && !(dash && c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerDigitOrUnderscore(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
}
