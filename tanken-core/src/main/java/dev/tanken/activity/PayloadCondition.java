package dev.tanken.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.internal.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A condition on one field of an entry's payload: {@code {"operation": "EQ", "path": ["flag",
 * "gid"], "value": 42}}.
 *
 * <p>The path names object members from the payload's root; every segment is a member name, never
 * an array position (a segment {@code "0"} looks for a member called {@code 0}). A path that does
 * not lead to a value matches no condition but never fails.
 *
 * <ul>
 *   <li>{@code EQ}: the value at the path equals {@code value}, a JSON scalar (string, number,
 *       {@code true}/{@code false} or {@code null}); numbers compare by value ({@code 1} equals
 *       {@code 1.0}), and values of different JSON types never compare equal.</li>
 *   <li>{@code NE}: the path leads to a value and it is not equal to {@code value}. Entries without
 *       the field do not match.</li>
 *   <li>{@code IN}: {@code value} is an array of 1 to {@value #MAX_IN_VALUES} scalars; the value at
 *       the path equals one of them.</li>
 *   <li>{@code EXISTS}: the path leads to a value (JSON {@code null} included); no {@code value}.</li>
 *   <li>{@code GT} / {@code LT}: {@code value} is a number or a string; the value at the path is of
 *       the same type and greater / less. Strings compare by Unicode code point, so ISO-8601 times
 *       in one format order correctly.</li>
 * </ul>
 *
 * @param value null only for {@code EXISTS}
 */
public record PayloadCondition(Operation operation, List<String> path, JsonNode value) {
    public static final int MAX_PATH_SEGMENTS = 16;
    public static final int MAX_SEGMENT_LENGTH = 128;
    public static final int MAX_IN_VALUES = 100;

    public enum Operation {
        EQ, NE, IN, EXISTS, GT, LT;

        /** Parses an operation name, in any case. */
        public static Operation parse(String name) {
            if (name != null) {
                for (Operation op : values()) {
                    if (op.name().equalsIgnoreCase(name.strip())) {
                        return op;
                    }
                }
            }
            throw new InvalidInputException("unknown payload operation '" + name + "'; use one of "
                    + Arrays.toString(values()));
        }
    }

    public PayloadCondition {
        if (operation == null) {
            throw new InvalidInputException("payload condition needs an operation, one of "
                    + Arrays.toString(Operation.values()));
        }
        path = requirePath(path);
        value = requireValue(operation, path, value);
    }

    public static PayloadCondition eq(List<String> path, JsonNode value) {
        return new PayloadCondition(Operation.EQ, path, value);
    }

    public static PayloadCondition ne(List<String> path, JsonNode value) {
        return new PayloadCondition(Operation.NE, path, value);
    }

    public static PayloadCondition in(List<String> path, JsonNode arrayOfValues) {
        return new PayloadCondition(Operation.IN, path, arrayOfValues);
    }

    public static PayloadCondition exists(List<String> path) {
        return new PayloadCondition(Operation.EXISTS, path, null);
    }

    public static PayloadCondition gt(List<String> path, JsonNode value) {
        return new PayloadCondition(Operation.GT, path, value);
    }

    public static PayloadCondition lt(List<String> path, JsonNode value) {
        return new PayloadCondition(Operation.LT, path, value);
    }

    /** JSON text for a value: {@code json("42")}, {@code json("\"android\"")}, {@code json("[1,2]")}. */
    public static JsonNode json(String text) {
        return Json.parse(text, "condition value");
    }

    /** Reads {@code {"operation": ..., "path": [...], "value": ...}}, naming any problem. */
    public static PayloadCondition fromJson(String text) {
        JsonNode node = Json.parse(text, "payload condition");
        if (!node.isObject()) {
            throw new InvalidInputException("payload condition must be a JSON object with operation, path and value");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!List.of("operation", "path", "value").contains(name)) {
                throw new InvalidInputException("payload condition has an unknown member '" + name
                        + "' (expected operation, path, value)");
            }
        }
        JsonNode op = node.get("operation");
        if (op == null || !op.isTextual()) {
            throw new InvalidInputException("payload condition needs \"operation\" as a string, one of "
                    + Arrays.toString(Operation.values()));
        }
        JsonNode p = node.get("path");
        if (p == null || !p.isArray()) {
            throw new InvalidInputException("payload condition needs \"path\" as an array of member names");
        }
        List<String> segments = new ArrayList<>();
        for (JsonNode s : p) {
            if (!s.isTextual()) {
                throw new InvalidInputException("payload condition path segments must be strings, got " + s.getNodeType());
            }
            segments.add(s.textValue());
        }
        return new PayloadCondition(Operation.parse(op.textValue()), segments, node.get("value"));
    }

    /** This condition as JSON text, the form {@link #fromJson} reads. */
    public String toJson() {
        var o = Json.nodes().objectNode();
        o.put("operation", operation.name());
        ArrayNode p = o.putArray("path");
        path.forEach(p::add);
        if (value != null) {
            o.set("value", value);
        }
        return Json.write(o);
    }

    /** The values an {@code EQ}/{@code NE}/{@code IN} condition compares with, as a list. */
    public List<JsonNode> values() {
        if (value == null) {
            return List.of();
        }
        if (operation == Operation.IN) {
            List<JsonNode> out = new ArrayList<>();
            value.forEach(out::add);
            return out;
        }
        return List.of(value);
    }

    @Override
    public String toString() {
        return toJson();
    }

    private static List<String> requirePath(List<String> path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException("payload condition needs a path of 1 to " + MAX_PATH_SEGMENTS
                    + " member names");
        }
        if (path.size() > MAX_PATH_SEGMENTS) {
            throw new InvalidInputException("payload path has " + path.size() + " segments; at most "
                    + MAX_PATH_SEGMENTS + " are allowed");
        }
        for (String segment : path) {
            if (segment == null || segment.isEmpty()) {
                throw new InvalidInputException("payload path segments must not be empty: " + path);
            }
            if (segment.length() > MAX_SEGMENT_LENGTH) {
                throw new InvalidInputException("payload path segment is longer than " + MAX_SEGMENT_LENGTH
                        + " characters");
            }
            if (segment.codePoints().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("payload path segment must not contain control characters: '"
                        + segment.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            if (segment.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE)) {
                throw new InvalidInputException("payload path segment is not valid Unicode text (lone surrogate)");
            }
        }
        return List.copyOf(path);
    }

    private static JsonNode requireValue(Operation op, List<String> path, JsonNode value) {
        String where = op + " on " + path;
        boolean missing = value == null || value.isMissingNode();
        switch (op) {
            case EXISTS -> {
                if (!missing) {
                    throw new InvalidInputException(where + " takes no value");
                }
                return null;
            }
            case EQ, NE -> {
                if (missing) {
                    throw new InvalidInputException(where + " needs a value");
                }
                return requireScalar(value, where);
            }
            case IN -> {
                if (missing || !value.isArray() || value.isEmpty() || value.size() > MAX_IN_VALUES) {
                    throw new InvalidInputException(where + " needs an array of 1 to " + MAX_IN_VALUES
                            + " values, got " + (missing ? "none" : Json.write(value)));
                }
                ArrayNode copy = Json.nodes().arrayNode();
                for (JsonNode v : value) {
                    copy.add(requireScalar(v, where));
                }
                return copy;
            }
            case GT, LT -> {
                if (missing || !(value.isNumber() || value.isTextual())) {
                    throw new InvalidInputException(where + " needs a number or a string to compare with, got "
                            + (missing ? "none" : Json.write(value)));
                }
                return value.deepCopy();
            }
            default -> throw new IllegalStateException(op.name().toLowerCase(Locale.ROOT));
        }
    }

    private static JsonNode requireScalar(JsonNode value, String where) {
        if (value.isContainerNode()) {
            throw new InvalidInputException(where + " compares with JSON scalars (string, number, true, false, null),"
                    + " not with " + Json.write(value));
        }
        return Objects.requireNonNull(value.deepCopy());
    }
}
