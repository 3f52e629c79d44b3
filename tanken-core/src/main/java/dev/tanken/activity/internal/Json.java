package dev.tanken.activity.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON text to and from {@link JsonNode} trees with jackson-core's streaming API only. An
 * ObjectMapper would do the same in one line, but building one costs a few hundred milliseconds of
 * class loading, paid by every short-lived CLI command that records an action.
 *
 * <p>Numbers keep their exact value: integers become int/long/BigInteger nodes, fractions
 * BigDecimal nodes written in plain notation, so what PostgreSQL's jsonb (numeric) and SQLite give
 * back compares equal to what was written.
 */
public final class Json {
    /** Depth and size limits keep a hostile payload from exhausting the stack or memory. */
    public static final int MAX_DEPTH = 32;
    public static final int MAX_CHARS = 64 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_CHARS).build())
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    /** Keeps BigDecimal values as they are (1.50 stays 1.50), so stored numbers read back unchanged. */
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static JsonNodeFactory nodes() {
        return NODES;
    }

    /** Parses one JSON value; {@code what} names the text in the error message. */
    public static JsonNode parse(String text, String what) {
        if (text == null) {
            throw new InvalidInputException(what + " must not be null");
        }
        if (text.length() > MAX_CHARS) {
            throw new InvalidInputException(what + " is longer than " + MAX_CHARS + " characters");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidInputException(what + " is empty; expected JSON");
            }
            JsonNode node = read(p, first, 1);
            if (p.nextToken() != null) {
                throw new InvalidInputException(what + " has text after the JSON value: '" + abbreviate(text) + "'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(what + " is not valid JSON (" + e.getOriginalMessage() + "): '"
                    + abbreviate(text) + "'");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(JsonParser p, JsonToken t, int depth) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, read(p, p.nextToken(), depth + 1));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
                    a.add(read(p, k, depth + 1));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new JsonParseFailure("unexpected " + t, p);
        }
    }

    /** Compact JSON text of a tree. */
    public static String write(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                if (node.isInt() || node.isLong()) {
                    g.writeNumber(node.longValue());
                } else if (node.isIntegralNumber()) {
                    g.writeNumber(node.bigIntegerValue());
                } else {
                    g.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            default -> throw new InvalidInputException("JSON cannot hold a " + node.getNodeType() + " node");
        }
    }

    /**
     * Parses JSON text the database gave back, which passed {@link #parse} when it was stored. No
     * length limit: PostgreSQL writes jsonb with a space after every ':' and ',', so a payload at
     * the limit comes back longer than it went in.
     */
    public static JsonNode parseStored(String text, String what) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidInputException(what + " is empty");
            }
            return read(p, first, 1);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(what + " is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A parser with this class's limits (nesting depth, string length), without the length check of {@link #parse}. */
    static JsonParser parser(String text) throws IOException {
        return FACTORY.createParser(text);
    }

    /** A generator with this class's settings (BigDecimal in plain notation), writing UTF-8. */
    public static JsonGenerator generator(java.io.OutputStream out) {
        try {
            return FACTORY.createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a tree with the members of every object in name order ({@link String#compareTo}: UTF-16
     * code units, as RFC 8785), numbers as {@link #write} does: integers in decimal, fractions in
     * plain notation with their scale.
     */
    public static void writeSorted(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            java.util.List<String> names = new java.util.ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            java.util.Collections.sort(names);
            g.writeStartObject();
            for (String name : names) {
                g.writeFieldName(name);
                writeSorted(g, node.get(name));
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) {
                writeSorted(g, element);
            }
            g.writeEndArray();
        } else {
            write(g, node);
        }
    }

    /** A deep copy of an object and its compact JSON text, as {@link #copyAndWrite} makes them. */
    public record Copy(ObjectNode tree, String text) {
    }

    /**
     * {@code object.deepCopy()} and {@link #write}'s text of it, in one pass over the tree; null when
     * its {@link #depth} exceeds {@code maxDepth}. Checking the depth, copying and writing are three
     * walks over every payload an application sends; this is one.
     */
    public static Copy copyAndWrite(ObjectNode object, int maxDepth) {
        StringWriter out = new StringWriter();
        ObjectNode copy;
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            copy = (ObjectNode) copyWriting(g, object, 1, maxDepth);
        } catch (TooDeep e) {
            return null;
        } catch (InvalidInputException cannotWrite) {
            // As when the depth was checked before anything was written: too deep comes first.
            if (depth(object) > maxDepth) {
                return null;
            }
            throw cannotWrite;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Copy(copy, out.toString());
    }

    /** Writes {@code node} as {@link #write} does and returns its deep copy; {@code depth} is its own if a container. */
    private static JsonNode copyWriting(JsonGenerator g, JsonNode node, int depth, int maxDepth) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                if (depth > maxDepth) {
                    throw new TooDeep();
                }
                ObjectNode copy = ((ObjectNode) node).objectNode();
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    g.writeFieldName(e.getKey());
                    copy.set(e.getKey(), copyWriting(g, e.getValue(), depth + 1, maxDepth));
                }
                g.writeEndObject();
                return copy;
            }
            case ARRAY -> {
                if (depth > maxDepth) {
                    throw new TooDeep();
                }
                ArrayNode copy = ((ArrayNode) node).arrayNode(node.size());
                g.writeStartArray();
                for (JsonNode element : node) {
                    copy.add(copyWriting(g, element, depth + 1, maxDepth));
                }
                g.writeEndArray();
                return copy;
            }
            default -> {
                // Value nodes are immutable: deepCopy() returns them as they are.
                write(g, node);
                return node.deepCopy();
            }
        }
    }

    /** Thrown through the walk of {@link #copyAndWrite} when the tree is nested too deep. */
    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    /** Depth of the deepest container in the tree (a scalar has depth 0). */
    public static int depth(JsonNode node) {
        int max = 0;
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                max = Math.max(max, depth(child));
            }
            return max + 1;
        }
        return 0;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    static final class JsonParseFailure extends JsonProcessingException {
        JsonParseFailure(String message, JsonParser p) {
            super(message, p.currentLocation());
        }
    }
}
