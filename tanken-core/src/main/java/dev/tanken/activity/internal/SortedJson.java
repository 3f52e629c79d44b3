package dev.tanken.activity.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tanken.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;

/**
 * Rewrites stored JSON text with the members of every object in name order, writing exactly what
 * {@code Json.writeSorted(g, Json.parseStored(text, what))} writes (same parser settings and
 * errors, same number forms, the last of duplicate names kept) but without a Jackson tree: the
 * sealer does this for every entry, and the tree's maps and nodes cost more than the hashing.
 * Internal: not API.
 */
final class SortedJson {
    /** The JSON null, among the light values. */
    private static final Object NULL = new Object();
    /** Objects up to this many members are sorted by insertion. */
    private static final int SMALL = 24;

    /** An object's members as read: names and values alternating. */
    private static final class Members extends ArrayList<Object> {
        Members() {
            super(16);
        }
    }

    /** An array's elements as read. */
    private static final class Elements extends ArrayList<Object> {
        Elements() {
            super(8);
        }
    }

    private SortedJson() {
    }

    /**
     * Parses {@code text} (as {@link Json#parseStored}) and writes it sorted to {@code g}; an error
     * names it as the payload of entry {@code entryId}.
     */
    static void writePayload(JsonGenerator g, String text, String entryId) throws IOException {
        if (text == null) {
            // Whatever the tree path does with a missing text, this does too.
            Json.writeSorted(g, Json.parseStored(null, "the payload of activity entry " + entryId));
            return;
        }
        Object value;
        try (JsonParser p = Json.parser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidInputException("the payload of activity entry " + entryId + " is empty");
            }
            value = read(p, first);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the payload of activity entry " + entryId + " is not valid JSON ("
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(g, value);
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Members m = new Members();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    m.add(p.currentName());
                    m.add(read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                Elements a = new Elements();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
                    a.add(read(p, k));
                }
                return a;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT, LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new Json.JsonParseFailure("unexpected " + t, p);
        }
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Members m) {
            writeObject(g, m);
        } else if (v instanceof Elements a) {
            g.writeStartArray();
            for (Object e : a) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l.longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeNull();
        }
    }

    /**
     * Members in name order ({@link String#compareTo}); of members with the same name only the last,
     * as a tree keeps it. Most objects are small: an insertion sort of their positions, stable.
     */
    private static void writeObject(JsonGenerator g, Members m) throws IOException {
        int n = m.size() / 2;
        int[] order = new int[n];
        if (n <= SMALL) {
            for (int i = 0; i < n; i++) {
                String name = (String) m.get(2 * i);
                int j = i;
                while (j > 0 && ((String) m.get(2 * order[j - 1])).compareTo(name) > 0) {
                    order[j] = order[j - 1];
                    j--;
                }
                order[j] = i;
            }
        } else {
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            // Stable, as the insertion sort above.
            java.util.Arrays.sort(boxed, (a, b) -> ((String) m.get(2 * a)).compareTo((String) m.get(2 * b)));
            for (int i = 0; i < n; i++) {
                order[i] = boxed[i];
            }
        }
        g.writeStartObject();
        for (int k = 0; k < n; k++) {
            String name = (String) m.get(2 * order[k]);
            if (k + 1 < n && name.equals(m.get(2 * order[k + 1]))) {
                continue;
            }
            g.writeFieldName(name);
            write(g, m.get(2 * order[k] + 1));
        }
        g.writeEndObject();
    }
}
