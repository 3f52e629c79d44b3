package dev.tanken.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tanken.activity.internal.Envelope;
import dev.tanken.activity.internal.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A Kafka record's value as the entry the ingest path checks. A value that is JSON is handed on as
 * it is, and the envelope rules judge it (one that is too big included: the ingest path refuses it
 * naming the limit and keeps its beginning). A value that is not JSON at all, or not UTF-8, is handed
 * on as a JSON string holding its text, which the envelope refuses ("an entry must be a JSON object,
 * got string"), as {@code tanken activity append} does with a line that is not JSON; the dead letter
 * keeps the text. A record without a value (a tombstone) is refused as {@code null}. Internal: not API.
 */
public final class RecordEntries {
    /**
     * The most text of a value that is not JSON a dead letter keeps: a refused value can be as big as
     * the broker allows, and its beginning is enough to recognise it.
     */
    static final int MAX_KEPT_CHARS = 1024;
    /**
     * Values above this are not parsed, only their beginning kept. Below it, a JSON object larger than
     * an entry may be ({@link Envelope#MAX_ENTRY_CHARS}) is parsed so that its dead letter names the
     * size limit; parsing a few megabytes costs milliseconds, and the broker's own record size limit
     * (1 MiB by default) is usually far lower.
     */
    static final int MAX_PARSED_BYTES = 16 * 1024 * 1024;

    /** Numbers keep their exact value (BigDecimal), as the other transports' parser keeps them. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Json.MAX_DEPTH + 2).build())
            .build())
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RecordEntries() {
    }

    /** The entry a record value stands for. */
    public static JsonNode entry(byte[] value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value.length > MAX_PARSED_BYTES) {
            return TextNode.valueOf(abbreviated(new String(value, 0, Math.min(value.length, 4 * MAX_KEPT_CHARS),
                    StandardCharsets.UTF_8)));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException notUtf8) {
            return TextNode.valueOf(abbreviated(new String(value, StandardCharsets.UTF_8)));
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            // An empty or blank value parses to nothing.
            return node == null || node.isMissingNode() ? TextNode.valueOf(text) : node;
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(abbreviated(text));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= MAX_KEPT_CHARS ? text : text.substring(0, MAX_KEPT_CHARS) + "…";
    }
}
