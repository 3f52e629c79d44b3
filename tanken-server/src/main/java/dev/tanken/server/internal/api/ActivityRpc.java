package dev.tanken.server.internal.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.tanken.Tanken;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.api.v1.Activity;
import dev.tanken.api.v1.SearchRequest;
import dev.tanken.api.v1.SearchResponse;
import dev.tanken.server.internal.connect.Caller;
import dev.tanken.server.internal.connect.RpcRegistry;

/**
 * {@code tanken.v1.ActivityService}: a caller searches the entries of what they did. The whole log
 * would tell anyone who liked what, which is for operators and the CLI, not for callers.
 */
public final class ActivityRpc {
    private final Tanken tanken;

    public ActivityRpc(Tanken tanken) {
        this.tanken = tanken;
    }

    public void register(RpcRegistry r) {
        var s = Activity.getDescriptor().findServiceByName("ActivityService");
        r.add(s, "Search", SearchRequest.getDefaultInstance(), this::search);
    }

    private SearchResponse search(Caller caller, SearchRequest q) {
        ActivityQuery query = ActivityQuery.newestFirst(Protos.limit(q.getLimit(), ActivityQuery.DEFAULT_LIMIT))
                .withActor(caller.requireUser())
                .withAction(q.getAction().isEmpty() ? null : q.getAction())
                .withSubject(q.getSubjectType().isEmpty() ? null : q.getSubjectType(),
                        q.getSubjectId().isEmpty() ? null : q.getSubjectId())
                .withSince(Protos.instant(q.getSince(), q.hasSince()))
                .withUntil(Protos.instant(q.getUntil(), q.hasUntil()))
                .after(Protos.cursor(q.getPageToken()));
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
                    .setPayload(struct(e.payloadJson())));
        }
        return b.build();
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
