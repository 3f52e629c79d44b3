package dev.tanken.activity.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.internal.IngestBackend.Accepted;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The archive format: JSON Lines, one entry per line, gzip-compressed. A line is the ingest
 * envelope ({@code id} is the application's id for the entry, absent for Tanken's own) plus
 * {@code entryId}, the entry's own UUID, so that an entry loaded back is the same entry.
 * Internal: not API.
 */
public final class ActivityArchives {
    private static final Set<String> FIELDS = Set.of("entryId", "id", "occurredAt", "app", "actor", "action",
            "subjectType", "subjectId", "payload");

    private ActivityArchives() {
    }

    /** One line, without its line break. */
    public static String line(Accepted a) {
        ActivityEntry e = a.entry();
        ObjectNode o = Json.nodes().objectNode();
        o.put("entryId", e.id().toString());
        if (a.sourceId() != null) {
            o.put("id", a.sourceId());
        }
        o.put("occurredAt", e.occurredAt().toString());
        o.put("app", e.app());
        o.put("actor", e.actor());
        o.put("action", e.action());
        o.put("subjectType", e.subjectType());
        o.put("subjectId", e.subjectId());
        o.set("payload", e.payload().toObjectNode());
        return Json.write(o);
    }

    /** The lines, gzip-compressed. */
    public static byte[] gzip(List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8)) {
            for (String l : lines) {
                w.write(l);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException("compressing in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** The non-empty lines of an archive, gzip-compressed or plain (told apart by the gzip magic bytes). */
    public static List<String> lines(InputStream in, String what) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            buffered.mark(2);
            int b1 = buffered.read();
            int b2 = buffered.read();
            buffered.reset();
            InputStream text = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (!l.isBlank()) {
                        out.add(l);
                    }
                }
            }
            return out;
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(what + " is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new StorageException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /** The entry of one line; {@code lineNumber} names it in the error. */
    public static Accepted parse(String line, int lineNumber) {
        String where = "archive line " + lineNumber;
        // Json.parse names the line itself ("archive line 3 is not valid JSON (...)").
        JsonNode node = Json.parse(line, where);
        if (!node.isObject()) {
            throw new InvalidInputException(where + ": an archived entry is a JSON object");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new InvalidInputException(where + ": unknown field '" + f + "'");
            }
        });
        try {
            UUID id = UUID.fromString(text(node, "entryId", where));
            Instant at = Instant.parse(text(node, "occurredAt", where));
            JsonNode payload = node.get("payload");
            if (payload != null && !payload.isObject()) {
                throw new InvalidInputException(where + ": payload must be a JSON object");
            }
            ActivityEntry e = new ActivityEntry(id, at, text(node, "actor", where), text(node, "action", where),
                    text(node, "subjectType", where), text(node, "subjectId", where),
                    payload == null ? null : ActivityEntry.parsePayload(Json.write(payload)), text(node, "app", where));
            JsonNode sourceId = node.get("id");
            if (sourceId != null && !sourceId.isTextual()) {
                throw new InvalidInputException(where + ": id must be a string");
            }
            return new Accepted(e, sourceId == null ? null : sourceId.textValue());
        } catch (InvalidInputException e) {
            throw e.getMessage().startsWith(where) ? e : new InvalidInputException(where + ": " + e.getMessage());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidInputException(where + ": " + field + " must be a string");
        }
        return v.textValue();
    }
}
