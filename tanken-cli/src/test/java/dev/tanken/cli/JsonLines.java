package dev.tanken.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Parses the CLI's JSON output back, failing the test on anything that is not strict JSON. */
final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** Every line of {@code out} as one JSON object. */
    static List<JsonNode> parseLines(String out) {
        List<JsonNode> nodes = new ArrayList<>();
        out.lines().forEach(line -> nodes.add(parse(line)));
        return nodes;
    }
}
