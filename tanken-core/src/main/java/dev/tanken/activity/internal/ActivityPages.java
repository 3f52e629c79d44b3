package dev.tanken.activity.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.model.Page;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Argument checks and paging that every activity log backend shares. Internal: not API. */
public final class ActivityPages {
    private ActivityPages() {
    }

    /**
     * A page of at most {@code query.limit()} entries from {@code rows}, which holds one more when
     * another page follows; its cursor is bound to {@code query}'s filters.
     */
    public static Page<ActivityEntry> page(List<ActivityEntry> rows, ActivityQuery query) {
        int limit = query.limit();
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<ActivityEntry> items = rows.subList(0, limit);
        ActivityEntry last = items.get(limit - 1);
        return new Page<>(items, ActivityCursor.after(last.occurredAt(), last.id(), query));
    }

    /** A copy of {@code entries}, refused when it is null or holds a null. */
    public static List<ActivityEntry> requireEntries(Collection<ActivityEntry> entries) {
        if (entries == null) {
            throw new InvalidInputException("entries must not be null");
        }
        List<ActivityEntry> list = new ArrayList<>(entries.size());
        for (ActivityEntry e : entries) {
            if (e == null) {
                throw new InvalidInputException("entries must not contain null");
            }
            list.add(e);
        }
        return list;
    }
}
