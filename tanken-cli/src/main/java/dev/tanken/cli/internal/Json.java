package dev.tanken.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON output through Jackson's streaming generator. Each output type writes its own fields, in
 * the order the CLI documents: jackson-databind would find them by reflection, but costs about
 * 150 ms to start, a third of a short command's budget; the generator costs a tenth of that. The
 * factory lives in a holder class so that runs without {@code --json} never load Jackson at all.
 */
public final class Json {
    private Json() {
    }

    /** A value that knows its JSON form. */
    public interface Writable {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private static final class Holder {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    /** The value as one line of JSON (JSON Lines: no embedded newlines). */
    public static String line(Writable value) {
        return write(json -> value.writeTo(json));
    }

    /** The values as one JSON array on one line. */
    public static String array(List<? extends Writable> values) {
        return write(json -> {
            json.writeStartArray();
            for (Writable value : values) {
                value.writeTo(json);
            }
            json.writeEndArray();
        });
    }

    public static void println(PrintWriter out, Writable value) {
        out.println(line(value));
        out.flush();
    }

    /** Writes a string array field, e.g. tags. */
    public static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** Writes a number field that may be absent (JSON null). */
    /**
     * A latitude or longitude to 7 decimals (about a centimetre): computed points such as a grid
     * cell's centre would otherwise print float noise ({@code 35.714800000000004}).
     */
    public static void writeCoordinate(JsonGenerator json, String field, Double degrees) throws IOException {
        writeNumber(json, field, degrees == null ? null : Math.round(degrees * 1e7) / 1e7);
    }

    public static void writeNumber(JsonGenerator json, String field, Double value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
    }

    private static String write(Writable body) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Holder.FACTORY.createGenerator(text)) {
            body.writeTo(json);
        } catch (IOException e) {
            // A StringWriter does not fail; a generator misuse is a bug.
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return text.toString();
    }
}
