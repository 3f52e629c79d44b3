package dev.tanken.activity.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.Payload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The envelope rules an entry from another application must meet before its contract is checked.
 * Internal: not API.
 */
public final class Envelope {
    /** The fields an entry may have. */
    public static final List<String> FIELDS = List.of("id", "occurredAt", "app", "actor", "action", "subjectType",
            "subjectId", "payload");
    /** An entry's largest compact JSON text: the largest payload and room for the other fields. */
    public static final int MAX_ENTRY_CHARS = Json.MAX_CHARS + 4096;
    /**
     * How far ahead of the receiving clock an entry's time may lie: clocks of different machines
     * disagree by a little; an entry from hours ahead comes from a broken clock or a bug.
     */
    public static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);

    private static final Set<String> KNOWN = Set.copyOf(FIELDS);

    private Envelope() {
    }

    /**
     * The result of checking one entry: accepted, or refused with a reason. {@code text} is the
     * entry's compact JSON as kept in a dead letter; for an accepted entry it is written only when
     * asked for (a contract refuses it), from {@code node}: most entries are accepted and never need it.
     */
    public record Checked(IngestBackend.Accepted accepted, String reason, String app, String action, String text,
            JsonNode node) {
        public Checked {
            if (text == null && node == null) {
                throw new IllegalArgumentException("a checked entry needs its text or its node");
            }
        }

        public Checked(IngestBackend.Accepted accepted, String reason, String app, String action, String text) {
            this(accepted, reason, app, action, text, null);
        }

        @Override
        public String text() {
            return text != null ? text : safeText(node);
        }

        /** The payload as sent, for its contract (validation reads it, never changes it); {@code {}} when absent. */
        public JsonNode payloadNode() {
            JsonNode p = node == null ? null : node.get("payload");
            return p != null ? p : accepted.entry().payload().toObjectNode();
        }
    }

    /**
     * Checks one entry.
     *
     * @param keyApp the application the sender proved to be, or null when the entry names its own
     * @param registered the registered applications
     * @param now the receiving clock
     */
    public static Checked check(JsonNode node, String keyApp, Set<String> registered, Instant now) {
        if (node == null || !node.isObject()) {
            String text = node == null ? "null" : safeText(node);
            return refused("an entry must be a JSON object, got " + (node == null ? "null" : kind(node)), null, null,
                    text);
        }
        ObjectNode o = (ObjectNode) node;
        String app = plainText(node.get("app"));
        String action = plainText(node.get("action"));
        // The entry's JSON text is written only when it may be too large or is refused: an accepted
        // entry whose fields other than the payload are short text fits whatever its payload, since a
        // payload longer than Json.MAX_CHARS is refused below (and then measured here as before).
        String text = fitsWithAnyPayload(o) ? null : safeText(node);
        if (text != null && text.length() > MAX_ENTRY_CHARS) {
            return tooLarge(app, action, text);
        }
        try {
            for (Iterator<String> names = o.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!KNOWN.contains(name)) {
                    throw new InvalidInputException("unknown field '" + printable(name) + "' (an entry has "
                            + String.join(", ", FIELDS) + ")");
                }
            }
            if (keyApp != null) {
                if (o.has("app") && !keyApp.equals(app)) {
                    throw new InvalidInputException("app '" + printable(String.valueOf(app))
                            + "' is not the application of the key ('" + keyApp + "')");
                }
                app = keyApp;
            } else {
                ActivityEntry.requireApp(string(o, "app"));
                if (!registered.contains(app)) {
                    throw new InvalidInputException("app '" + app + "' is not registered (tanken activity app add)");
                }
            }
            String sourceId = o.hasNonNull("id") ? ActivityEntry.requireName(string(o, "id"), "id") : null;
            Instant at = time(string(o, "occurredAt"), now);
            JsonNode payloadNode = o.get("payload");
            Payload payload;
            if (payloadNode == null) {
                payload = Payload.EMPTY;
            } else if (payloadNode.isTextual()) {
                // What a stream's payload field holds when it is not JSON (or longer than a payload may be).
                throw new InvalidInputException("payload must be a JSON object, got a string (a stream entry's payload"
                        + " field holds the JSON text of an object of at most " + Json.MAX_CHARS + " characters)");
            } else if (!payloadNode.isObject()) {
                throw new InvalidInputException("payload must be a JSON object, got " + kind(payloadNode));
            } else {
                payload = Payload.of((ObjectNode) payloadNode);
            }
            ActivityEntry entry = new ActivityEntry(Uuid7.at(at), at, string(o, "actor"), string(o, "action"),
                    string(o, "subjectType"), string(o, "subjectId"), payload, app);
            if (sourceId == null) {
                sourceId = digestId(entry);
            }
            return new Checked(new IngestBackend.Accepted(entry, sourceId), null, app, entry.action(), text, node);
        } catch (InvalidInputException e) {
            if (text == null) {
                text = safeText(node);
                if (text.length() > MAX_ENTRY_CHARS) {
                    return tooLarge(app, action, text);
                }
            }
            return refused(e.getMessage(), app, action, text);
        }
    }

    private static Checked tooLarge(String app, String action, String text) {
        return refused("the entry is larger than " + MAX_ENTRY_CHARS + " characters of JSON", app, action,
                text.substring(0, 1024) + "…");
    }

    /**
     * Whether the entry's compact JSON is at most {@link #MAX_ENTRY_CHARS} whenever its payload is at
     * most {@link Json#MAX_CHARS}: every other member is a string and their written length, escapes
     * counted at their longest, leaves room for the payload's.
     */
    static boolean fitsWithAnyPayload(ObjectNode o) {
        long room = MAX_ENTRY_CHARS - (long) Json.MAX_CHARS - "{\"payload\":}".length();
        for (Map.Entry<String, JsonNode> m : o.properties()) {
            if (m.getKey().equals("payload")) {
                continue;
            }
            JsonNode v = m.getValue();
            if (!v.isTextual()) {
                return false;
            }
            // "name":"value", and a comma; every character at its longest escape first, counted
            // exactly only when that bound does not fit
            String name = m.getKey();
            String value = v.textValue();
            long most = 6L * (name.length() + value.length()) + 6;
            room -= most <= room ? most : writtenLength(name) + writtenLength(value) + 6;
            if (room < 0) {
                return false;
            }
        }
        return true;
    }

    /** No less than the length of a string's JSON escape without its quotes: an escaped character takes at most 6. */
    private static long writtenLength(String s) {
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
                n += 5;
            }
        }
        return n;
    }

    private static Checked refused(String reason, String app, String action, String text) {
        return new Checked(null, reason, usable(app, true), usable(action, false), text);
    }

    /** The name when it is a valid application (or action) name, else null. */
    private static String usable(String name, boolean app) {
        try {
            return name == null ? null : app ? ActivityEntry.requireApp(name) : ActivityEntry.requireAction(name);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    private static String string(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidInputException(field + " is missing");
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(field + " must be a string, got " + kind(v));
        }
        return v.textValue();
    }

    private static Instant time(String text, Instant now) {
        Instant at = Rfc3339.parseCommon(text);
        if (at == null) {
            at = parseIso(text);
        }
        if (at.isAfter(now.plus(MAX_CLOCK_AHEAD))) {
            throw new InvalidInputException("occurredAt " + at + " lies more than " + MAX_CLOCK_AHEAD.toMinutes()
                    + " minutes after the time it was received (" + now + ")");
        }
        if (at.isBefore(ActivityEntry.EARLIEST)) {
            throw new InvalidInputException("occurredAt must not lie before " + ActivityEntry.EARLIEST + ", got " + at);
        }
        return at;
    }

    private static Instant parseIso(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("occurredAt must be an RFC 3339 time such as 2025-03-01T09:00:00Z, got '"
                    + printable(text) + "'");
        }
    }

    /**
     * Stands in for the id of an entry sent without one: a digest of everything it says, so that the
     * same entry delivered twice is stored once (two entries identical to the microsecond are one).
     */
    static String digestId(ActivityEntry e) {
        String canonical = String.join("\u0000", e.app(), Long.toString(Micros.of(e.occurredAt())), e.actor(),
                e.action(), e.subjectType(), e.subjectId(), Json.write(sorted(e.payload().toObjectNode())));
        return "sha256:" + HexFormat.of().formatHex(ApiKeys.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** The dead-letter id of an entry's text: a digest of the application and the text. */
    public static String deadLetterId(String app, String text) {
        byte[] d = ApiKeys.sha256((app == null ? "" : app + "\u0000").concat(text).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 16);
    }

    /** A copy whose object members are in name order at every level. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> members = new TreeMap<>();
            node.properties().forEach(m -> members.put(m.getKey(), sorted(m.getValue())));
            ObjectNode o = Json.nodes().objectNode();
            members.forEach(o::set);
            return o;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(sorted(n)));
            return Json.nodes().arrayNode().addAll(items);
        }
        return node;
    }

    static String safeText(JsonNode node) {
        if (Json.depth(node) > Json.MAX_DEPTH + 1) {
            return "(nested deeper than " + (Json.MAX_DEPTH + 1) + " levels)";
        }
        return Json.write(node);
    }

    private static String plainText(JsonNode v) {
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String printable(String s) {
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() <= 80 ? p : p.substring(0, 77) + "...";
    }
}
