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

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){0,7}");
    private static final Pattern SUBJECT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

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
        if (value.codePoints().anyMatch(Character::isISOControl) || !value.equals(value.strip())) {
            throw new InvalidInputException(what + " must not contain control characters or surrounding spaces, got '"
                    + value.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return value;
    }

    /** A dotted lower-case action name such as {@code post.like}. */
    public static String requireAction(String action) {
        if (action == null || action.length() > 64 || !ACTION.matcher(action).matches()) {
            throw new InvalidInputException("action must be a dotted lower-case name such as 'post.like' (letters,"
                    + " digits, '_'; at most 64 characters), got '" + action + "'");
        }
        return action;
    }

    /** An application name: 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter. */
    public static String requireApp(String app) {
        if (app == null || !APP.matcher(app).matches()) {
            throw new InvalidInputException("app must be 1 to 64 lower-case letters, digits, '-' or '_', starting with"
                    + " a letter, got '" + (app == null ? null : app.replaceAll("\\p{Cntrl}", "?")) + "'");
        }
        return app;
    }

    static String requireSubjectType(String type) {
        if (type == null || !SUBJECT_TYPE.matcher(type).matches()) {
            throw new InvalidInputException("subject type must be 1 to 32 lower-case letters, digits or '_',"
                    + " starting with a letter, got '" + type + "'");
        }
        return type;
    }
}
