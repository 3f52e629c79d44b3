package dev.tanken.db;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a keyset-paginated result. Pass {@link #next()} back to the same query to get the
 * following page; it is absent on the last page. Cursors are opaque strings that are only
 * meaningful to the query and backend that produced them.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    public static <T> Page<T> empty() {
        return new Page<>(List.of(), null);
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
