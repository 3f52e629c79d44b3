package dev.tanken.activity;

import dev.tanken.model.Page;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.internal.ActivityCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What to look for in the activity log. Every field is optional except the limit; the conditions
 * all apply (AND). Results come newest first ({@code occurredAt}, then id, descending).
 *
 * <pre>{@code
 * ActivityQuery q = ActivityQuery.newestFirst(20)
 *         .withAction("post.like")
 *         .where(PayloadCondition.eq(List.of("postAuthor"), PayloadCondition.json("\"aiko\"")));
 * }</pre>
 *
 * @param app the application whose entries to search ({@code tanken} for Tanken's own), or null for
 *     every application's
 * @param actor who acted, as the application named it (any name the envelope rules accept)
 * @param action a dotted lower-case action name, of any application
 * @param subjectType matches only together with or without a subject id
 * @param since inclusive lower bound of {@code occurredAt}
 * @param until exclusive upper bound of {@code occurredAt}
 * @param limit page size, 0 to {@value dev.tanken.db.DatabaseService#MAX_LIMIT}
 * @param cursor the {@code nextCursor} of the previous page of the same query (the same filters; the
 *     limit may differ), or null; a cursor of another query is refused
 */
public record ActivityQuery(String app, String actor, String action, String subjectType, String subjectId, Instant since,
        Instant until, List<PayloadCondition> where, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_CONDITIONS = 16;

    public ActivityQuery {
        app = app == null ? null : ActivityEntry.requireApp(app);
        actor = actor == null ? null : ActivityEntry.requireName(actor, "actor");
        action = action == null ? null : ActivityEntry.requireAction(action);
        subjectType = subjectType == null ? null : ActivityEntry.requireSubjectType(subjectType);
        subjectId = subjectId == null ? null : ActivityEntry.requireName(subjectId, "subject id");
        since = since == null ? null : ActivityEntry.requireTime(since, "since");
        until = until == null ? null : ActivityEntry.requireTime(until, "until");
        if (since != null && until != null && !since.isBefore(until)) {
            throw new InvalidInputException("since (" + since + ") must be before until (" + until + ")");
        }
        where = where == null ? List.of() : List.copyOf(where);
        if (where.size() > MAX_CONDITIONS) {
            throw new InvalidInputException("at most " + MAX_CONDITIONS + " payload conditions, got " + where.size());
        }
        Page.requireLimit(limit);
        if (cursor != null) {
            ActivityCursor.parse(cursor);
        }
    }

    /** Everything, newest first, {@code limit} entries per page. */
    public static ActivityQuery newestFirst(int limit) {
        return new ActivityQuery(null, null, null, null, null, null, null, List.of(), limit, null);
    }

    /** Only the entries of this application (null: every application's). */
    public ActivityQuery withApp(String newApp) {
        return new ActivityQuery(newApp, actor, action, subjectType, subjectId, since, until, where, limit, cursor);
    }

    public ActivityQuery withActor(String newActor) {
        return new ActivityQuery(app, newActor, action, subjectType, subjectId, since, until, where, limit, cursor);
    }

    public ActivityQuery withAction(String newAction) {
        return new ActivityQuery(app, actor, newAction, subjectType, subjectId, since, until, where, limit, cursor);
    }

    /** Entries about this object; {@code type} may be null to match any type. */
    public ActivityQuery withSubject(String type, String id) {
        return new ActivityQuery(app, actor, action, type, id, since, until, where, limit, cursor);
    }

    public ActivityQuery withSince(Instant newSince) {
        return new ActivityQuery(app, actor, action, subjectType, subjectId, newSince, until, where, limit, cursor);
    }

    public ActivityQuery withUntil(Instant newUntil) {
        return new ActivityQuery(app, actor, action, subjectType, subjectId, since, newUntil, where, limit, cursor);
    }

    /** Adds a payload condition. */
    public ActivityQuery where(PayloadCondition condition) {
        if (condition == null) {
            throw new InvalidInputException("payload condition must not be null");
        }
        List<PayloadCondition> more = new ArrayList<>(where);
        more.add(condition);
        return new ActivityQuery(app, actor, action, subjectType, subjectId, since, until, more, limit, cursor);
    }

    public ActivityQuery withLimit(int newLimit) {
        return new ActivityQuery(app, actor, action, subjectType, subjectId, since, until, where, newLimit, cursor);
    }

    /** The same query, continuing after the page that returned {@code nextCursor}. */
    public ActivityQuery after(String nextCursor) {
        return new ActivityQuery(app, actor, action, subjectType, subjectId, since, until, where, limit, nextCursor);
    }
}
