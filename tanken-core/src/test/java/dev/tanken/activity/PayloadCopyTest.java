package dev.tanken.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.internal.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Payload#of} checks the depth, copies and writes in one walk: the result must be what the
 * three separate steps gave (the copy's nodes, the text, the errors and which comes first).
 */
class PayloadCopyTest {
    @Test
    void copyAndTextAsTheSeparateSteps() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 3_000; i++) {
            ObjectNode tree = object(r, 1);
            Payload p = Payload.of(tree);
            assertThat(p.json()).isEqualTo(Json.write(tree));
            ObjectNode copy = p.toObjectNode();
            assertThat(copy).isEqualTo(tree.deepCopy());
            assertThat(p).isEqualTo(Payload.of(tree.deepCopy()));
        }
    }

    @Test
    void theSendersTreeStaysItsOwn() {
        ObjectNode tree = Json.nodes().objectNode();
        tree.putObject("a").putArray("b").add(1);
        Payload p = Payload.of(tree);
        ((ArrayNode) tree.get("a").get("b")).add(2);
        ((ObjectNode) tree.get("a")).put("c", true);
        tree.put("d", "x");
        assertThat(p.json()).isEqualTo("{\"a\":{\"b\":[1]}}");
        assertThat(p.get("a")).isEqualTo(Payload.parse("{\"a\":{\"b\":[1]}}").get("a"));
    }

    @Test
    void depthLimitAsBefore() {
        assertThat(Payload.of(nested(Json.MAX_DEPTH)).json()).startsWith("{\"n\":");
        assertThatThrownBy(() -> Payload.of(nested(Json.MAX_DEPTH + 1))).isInstanceOf(InvalidInputException.class)
                .hasMessage("activity payload is nested deeper than " + Json.MAX_DEPTH + " levels");
        // Too deep and holding a node JSON cannot hold: the depth is reported, as when it was checked first.
        ObjectNode both = nested(Json.MAX_DEPTH + 1);
        both.set("a", Json.nodes().binaryNode(new byte[] {1}));
        ObjectNode first = Json.nodes().objectNode();
        first.set("a", Json.nodes().binaryNode(new byte[] {1}));
        first.setAll(nested(Json.MAX_DEPTH + 1));
        for (ObjectNode o : new ObjectNode[] {both, first}) {
            assertThatThrownBy(() -> Payload.of(o)).hasMessage("activity payload is nested deeper than "
                    + Json.MAX_DEPTH + " levels");
        }
        ObjectNode binary = Json.nodes().objectNode();
        binary.set("a", Json.nodes().binaryNode(new byte[] {1}));
        assertThatThrownBy(() -> Payload.of(binary)).isInstanceOf(InvalidInputException.class)
                .hasMessage("JSON cannot hold a BINARY node");
    }

    @Test
    void sizeLimitAsBefore() {
        ObjectNode big = Json.nodes().objectNode();
        big.put("s", "x".repeat(Json.MAX_CHARS));
        assertThatThrownBy(() -> Payload.of(big)).isInstanceOf(InvalidInputException.class)
                .hasMessage("activity payload is larger than " + Json.MAX_CHARS + " characters of JSON");
    }

    /** An object with {@code levels} containers nested, the innermost an array. */
    private static ObjectNode nested(int levels) {
        ObjectNode top = Json.nodes().objectNode();
        JsonNode at = top;
        for (int i = 1; i < levels; i++) {
            at = i == levels - 1 ? ((ObjectNode) at).putArray("n") : ((ObjectNode) at).putObject("n");
        }
        return top;
    }

    private static ObjectNode object(SplittableRandom r, int depth) {
        ObjectNode o = Json.nodes().objectNode();
        int n = r.nextInt(depth == 1 ? 8 : 4);
        for (int i = 0; i < n; i++) {
            o.set("k" + r.nextInt(10), value(r, depth));
        }
        return o;
    }

    private static JsonNode value(SplittableRandom r, int depth) {
        return switch (r.nextInt(depth > 4 ? 9 : 11)) {
            case 0 -> Json.nodes().numberNode(r.nextInt());
            case 1 -> Json.nodes().numberNode(r.nextLong());
            case 2 -> Json.nodes().numberNode(new BigDecimal("1.50"));
            case 3 -> Json.nodes().numberNode(new BigInteger("123456789012345678901234567890"));
            case 4 -> Json.nodes().numberNode(2.5d);
            case 5 -> Json.nodes().textNode("t\u00e9\"" + r.nextInt(100));
            case 6 -> Json.nodes().booleanNode(r.nextBoolean());
            case 7 -> Json.nodes().nullNode();
            case 8 -> Json.nodes().numberNode((short) 7);
            case 9 -> object(r, depth + 1);
            default -> {
                ArrayNode a = Json.nodes().arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, depth + 1));
                }
                yield a;
            }
        };
    }
}
