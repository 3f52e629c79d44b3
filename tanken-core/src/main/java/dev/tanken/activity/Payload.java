package dev.tanken.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.internal.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * The details of an {@link ActivityEntry}: a JSON object that cannot change once made. Reads hand
 * out copies, so no caller can alter an entry through its payload.
 *
 * <pre>{@code
 * Payload p = Payload.parse("{\"flag\":{\"gid\":7}}");
 * p.at("/flag/gid").map(JsonNode::asInt);    // Optional[7]
 * }</pre>
 */
public final class Payload {
    /** {@code {}}. */
    public static final Payload EMPTY = new Payload(Json.nodes().objectNode(), "{}");

    private final ObjectNode object;
    private final String json;

    private Payload(ObjectNode object, String json) {
        this.object = object;
        this.json = json;
    }

    /**
     * A payload holding a copy of {@code object} (null: {@link #EMPTY}).
     *
     * @throws InvalidInputException if it is nested deeper or is larger than the log accepts
     */
    public static Payload of(ObjectNode object) {
        if (object == null) {
            return EMPTY;
        }
        Json.Copy copy = Json.copyAndWrite(object, Json.MAX_DEPTH);
        if (copy == null) {
            throw new InvalidInputException("activity payload is nested deeper than " + Json.MAX_DEPTH + " levels");
        }
        return sized(copy.tree(), copy.text());
    }

    /** A payload of a tree no one else holds (so not copied), checked for size. */
    private static Payload owning(ObjectNode object) {
        return sized(object, Json.write(object));
    }

    private static Payload sized(ObjectNode object, String text) {
        if (text.length() > Json.MAX_CHARS) {
            throw new InvalidInputException("activity payload is larger than " + Json.MAX_CHARS + " characters of JSON");
        }
        return new Payload(object, text);
    }

    /**
     * Parses JSON text, which must be an object.
     *
     * @throws InvalidInputException naming what is wrong with the text
     */
    public static Payload parse(String json) {
        JsonNode node = Json.parse(json, "activity payload");
        if (!node.isObject()) {
            throw new InvalidInputException("activity payload must be a JSON object, got " + node.getNodeType());
        }
        // The parsed tree is nobody else's, and the parser kept it within the depth limit.
        return owning((ObjectNode) node);
    }

    /** A copy of the member {@code name}, or null when there is none (as {@link ObjectNode#get}). */
    public JsonNode get(String name) {
        JsonNode v = object.get(name);
        return v == null ? null : v.deepCopy();
    }

    /** A copy of the member {@code name}, or a missing node (as {@link ObjectNode#path}). */
    public JsonNode path(String name) {
        return object.path(name).deepCopy();
    }

    /** A copy of the value at a JSON Pointer such as {@code /flag/gid}, when there is one. */
    public Optional<JsonNode> at(String pointer) {
        JsonNode v = object.at(Objects.requireNonNull(pointer, "pointer"));
        return v.isMissingNode() ? Optional.empty() : Optional.of(v.deepCopy());
    }

    public boolean isEmpty() {
        return object.isEmpty();
    }

    /** A mutable copy, to build another payload from. */
    public ObjectNode toObjectNode() {
        return object.deepCopy();
    }

    /** Compact JSON text. */
    public String json() {
        return json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload other && object.equals(other.object);
    }

    @Override
    public int hashCode() {
        return object.hashCode();
    }

    @Override
    public String toString() {
        return json;
    }
}
