package dev.tanken.server.internal.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.tanken.Tanken;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.PayloadCondition;
import dev.tanken.InvalidInputException;
import dev.tanken.server.internal.connect.Code;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Value;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.IngestResult;
import dev.tanken.api.v1.Activity;
import dev.tanken.api.v1.AppendOutcome;
import dev.tanken.api.v1.AppendRequest;
import dev.tanken.api.v1.AppendResponse;
import dev.tanken.api.v1.IngestEntry;
import dev.tanken.server.internal.connect.ConnectError;
import java.util.ArrayList;
import java.util.List;
import dev.tanken.api.v1.SearchRequest;
import dev.tanken.api.v1.SearchResponse;
import dev.tanken.server.internal.connect.Caller;
import dev.tanken.server.internal.connect.RpcRegistry;

/**
 * {@code tanken.v1.ActivityService}: a user searches the entries of what they did, an application
 * (with its API key) the entries it sent. The whole log would tell anyone who liked what, which is
 * for operators and the CLI, not for callers. Applications append their entries with their API key
 * ({@link dev.tanken.activity.ActivityIngest}).
 */
public final class ActivityRpc {
    private final Tanken tanken;

    public ActivityRpc(Tanken tanken) {
        this.tanken = tanken;
    }

    public void register(RpcRegistry r) {
        var s = Activity.getDescriptor().findServiceByName("ActivityService");
        r.addForUsersAndApps(s, "Search", SearchRequest.getDefaultInstance(), this::search, ActivityRpc::searchJson);
        r.addForApps(s, "Append", AppendRequest.getDefaultInstance(), this::append);
    }

    private AppendResponse append(Caller caller, AppendRequest q) {
        String app = caller.requireApp();
        if (q.getEntriesCount() == 0) {
            throw ConnectError.invalidArgument("entries must hold at least one entry");
        }
        if (q.getEntriesCount() > ActivityIngest.MAX_BATCH) {
            throw ConnectError.invalidArgument("entries holds at most " + ActivityIngest.MAX_BATCH + " entries, got "
                    + q.getEntriesCount());
        }
        List<JsonNode> entries = new ArrayList<>(q.getEntriesCount());
        for (IngestEntry e : q.getEntriesList()) {
            entries.add(envelope(e));
        }
        IngestResult result = tanken.activity().ingest().append(app, entries);
        AppendResponse.Builder b = AppendResponse.newBuilder()
                .setStored((int) result.count(IngestResult.Status.STORED))
                .setDuplicate((int) result.count(IngestResult.Status.DUPLICATE))
                .setRejected((int) result.count(IngestResult.Status.REJECTED));
        for (IngestResult.Outcome o : result.outcomes()) {
            b.addOutcomes(AppendOutcome.newBuilder()
                    .setIndex(o.index())
                    .setStatus(switch (o.status()) {
                        case STORED -> AppendOutcome.Status.STATUS_STORED;
                        case DUPLICATE -> AppendOutcome.Status.STATUS_DUPLICATE;
                        case REJECTED -> AppendOutcome.Status.STATUS_REJECTED;
                    })
                    .setId(o.id() == null ? "" : o.id())
                    .setReason(o.reason() == null ? "" : o.reason())
                    .setDeadLetterId(o.deadLetterId() == null ? "" : o.deadLetterId()));
        }
        return b.build();
    }

    /**
     * The envelope of the batch path from a message. Proto3 cannot tell an empty string from an
     * absent one, so empty fields are left out, and the envelope rules name what is missing.
     */
    private static ObjectNode envelope(IngestEntry e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        putUnlessEmpty(o, "id", e.getId());
        if (e.hasOccurredAt()) {
            o.put("occurredAt", Protos.instant(e.getOccurredAt(), true).toString());
        }
        putUnlessEmpty(o, "app", e.getApp());
        putUnlessEmpty(o, "actor", e.getActor());
        putUnlessEmpty(o, "action", e.getAction());
        putUnlessEmpty(o, "subjectType", e.getSubjectType());
        putUnlessEmpty(o, "subjectId", e.getSubjectId());
        if (e.hasPayload()) {
            o.set("payload", json(Value.newBuilder().setStructValue(e.getPayload()).build(), 0));
        }
        return o;
    }

    private static void putUnlessEmpty(ObjectNode o, String field, String value) {
        if (!value.isEmpty()) {
            o.put(field, value);
        }
    }

    /**
     * A protobuf Value as JSON. Struct numbers are doubles: a whole number is given back as an
     * integer, as the application wrote it, so that a contract's "type": "integer" holds.
     */
    private static JsonNode json(Value v, int depth) {
        if (depth > MAX_PAYLOAD_DEPTH) {
            throw ConnectError.invalidArgument("a payload is nested deeper than " + MAX_PAYLOAD_DEPTH + " levels");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (v.getKindCase()) {
            case STRUCT_VALUE -> {
                ObjectNode o = f.objectNode();
                v.getStructValue().getFieldsMap().forEach((k, x) -> o.set(k, json(x, depth + 1)));
                yield o;
            }
            case LIST_VALUE -> {
                var a = f.arrayNode();
                v.getListValue().getValuesList().forEach(x -> a.add(json(x, depth + 1)));
                yield a;
            }
            case NUMBER_VALUE -> {
                double d = v.getNumberValue();
                yield d == Math.rint(d) && Math.abs(d) <= MAX_EXACT_INTEGER ? f.numberNode((long) d) : f.numberNode(d);
            }
            case STRING_VALUE -> f.textNode(v.getStringValue());
            case BOOL_VALUE -> f.booleanNode(v.getBoolValue());
            case NULL_VALUE, KIND_NOT_SET -> f.nullNode();
        };
    }

    /** Deeper than the log stores (it refuses the entry with the reason); bounds the recursion here. */
    private static final int MAX_PAYLOAD_DEPTH = 64;
    /** 2^53: every whole double up to here is exactly a long. */
    private static final double MAX_EXACT_INTEGER = 9007199254740992.0;

    private SearchResponse search(Caller caller, SearchRequest q) {
        String app;
        String actor = q.getActor().isEmpty() ? null : q.getActor();
        if (caller.app() != null) {
            app = caller.app();
            if (!q.getApp().isEmpty() && !q.getApp().equals(app)) {
                throw new ConnectError(Code.PERMISSION_DENIED, "an application searches only its own entries; this"
                        + " key is app '" + app + "'");
            }
        } else {
            String user = caller.requireUser();
            app = ActivityEntry.TANKEN_APP;
            if (!q.getApp().isEmpty() && !q.getApp().equals(app)) {
                throw new ConnectError(Code.PERMISSION_DENIED, "a user searches only their own Tanken entries;"
                        + " an application searches its entries with its API key");
            }
            if (actor != null && !actor.equals(user)) {
                throw new ConnectError(Code.PERMISSION_DENIED, "a user searches only their own entries");
            }
            actor = user;
        }
        ActivityQuery query = ActivityQuery.newestFirst(Protos.limit(q.getLimit(), ActivityQuery.DEFAULT_LIMIT))
                .withApp(app)
                .withActor(actor)
                .withAction(q.getAction().isEmpty() ? null : q.getAction())
                .withSubject(q.getSubjectType().isEmpty() ? null : q.getSubjectType(),
                        q.getSubjectId().isEmpty() ? null : q.getSubjectId())
                .withSince(Protos.instant(q.getSince(), q.hasSince()))
                .withUntil(Protos.instant(q.getUntil(), q.hasUntil()))
                .after(Protos.cursor(q.getPageToken()));
        if (q.getWhereCount() > ActivityQuery.MAX_CONDITIONS) {
            throw ConnectError.invalidArgument("at most " + ActivityQuery.MAX_CONDITIONS + " payload conditions, got "
                    + q.getWhereCount());
        }
        for (int i = 0; i < q.getWhereCount(); i++) {
            query = query.where(condition(q.getWhere(i), i));
        }
        var page = tanken.activity(query);
        var b = SearchResponse.newBuilder().setNextPageToken(Protos.token(page.nextCursor()));
        for (ActivityEntry e : page.items()) {
            b.addEntries(dev.tanken.api.v1.ActivityEntry.newBuilder()
                    .setEntryId(e.id().toString())
                    .setOccurredAt(Protos.timestamp(e.occurredAt()))
                    .setActor(e.actor())
                    .setAction(e.action())
                    .setSubjectType(e.subjectType())
                    .setSubjectId(e.subjectId() == null ? "" : e.subjectId())
                    .setPayload(struct(e.payloadJson()))
                    .setApp(e.app()));
        }
        return b.build();
    }

    /**
     * The JSON of a search's answer: protobuf's mapping, except that a payload's whole numbers are
     * written as integers. A Struct holds doubles, which {@code JsonFormat} prints as {@code 40.0};
     * the application wrote (and the log stores) {@code 40}.
     */
    static byte[] searchJson(SearchResponse answer) {
        try {
            JsonNode tree = PAYLOAD_JSON.readTree(JsonFormat.printer().omittingInsignificantWhitespace().print(answer));
            for (JsonNode entry : tree.path("entries")) {
                if (entry.has("payload")) {
                    ((ObjectNode) entry).set("payload", wholeNumbers(entry.get("payload")));
                }
            }
            return PAYLOAD_JSON.writeValueAsBytes(tree);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a search's answer", e);
        }
    }

    private static JsonNode wholeNumbers(JsonNode node) {
        if (node.isObject()) {
            node.properties().forEach(field -> field.setValue(wholeNumbers(field.getValue())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, wholeNumbers(node.get(i)));
            }
        } else if (node.isFloatingPointNumber()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT_INTEGER) {
                return JsonNodeFactory.instance.numberNode((long) d);
            }
        }
        return node;
    }

    /** Escapes what the other answers escape ({@code <}, {@code >}, {@code &}), so no answer reads as markup. */
    private static final com.fasterxml.jackson.databind.ObjectMapper PAYLOAD_JSON = htmlSafe();

    private static com.fasterxml.jackson.databind.ObjectMapper htmlSafe() {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        mapper.getFactory().setCharacterEscapes(new com.fasterxml.jackson.core.io.CharacterEscapes() {
            private final int[] escapes = escapes();

            private static int[] escapes() {
                int[] e = standardAsciiEscapesForJSON();
                e['<'] = ESCAPE_STANDARD;
                e['>'] = ESCAPE_STANDARD;
                e['&'] = ESCAPE_STANDARD;
                return e;
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return escapes;
            }

            @Override
            public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                return null;
            }
        });
        return mapper;
    }

    /** A condition of the request; the library's checks name what is wrong with it. */
    private static PayloadCondition condition(dev.tanken.api.v1.PayloadCondition c, int index) {
        PayloadCondition.Operation op = switch (c.getOperation()) {
            case OPERATION_EQ -> PayloadCondition.Operation.EQ;
            case OPERATION_NE -> PayloadCondition.Operation.NE;
            case OPERATION_IN -> PayloadCondition.Operation.IN;
            case OPERATION_EXISTS -> PayloadCondition.Operation.EXISTS;
            case OPERATION_GT -> PayloadCondition.Operation.GT;
            case OPERATION_LT -> PayloadCondition.Operation.LT;
            default -> throw ConnectError.invalidArgument("where[" + index + "] needs an operation: OPERATION_EQ, NE,"
                    + " IN, EXISTS, GT or LT");
        };
        JsonNode value = c.hasValue() ? json(c.getValue(), 0) : null;
        try {
            return new PayloadCondition(op, c.getPathList(), value);
        } catch (InvalidInputException e) {
            throw ConnectError.invalidArgument("where[" + index + "]: " + e.getMessage());
        }
    }

    private static Struct struct(String json) {
        Struct.Builder b = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an activity payload is not a JSON object", e);
        }
        return b.build();
    }
}
