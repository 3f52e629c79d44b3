package dev.tanken.model;

import dev.tanken.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a keyset-paginated result. Pass {@link #next()} back to the same query to get the
 * following page; it is absent on the last page. Cursors are opaque strings that are only
 * meaningful to the query and backend that produced them.
 */
public record Page<T>(List<T> items, String nextCursor) {
    /** The most items any query returns in one page. */
    public static final int MAX_LIMIT = 1000;

    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    public static <T> Page<T> empty() {
        return new Page<>(List.of(), null);
    }

    /**
     * {@code limit} when it is a valid page size (0 to {@link #MAX_LIMIT}).
     *
     * @throws InvalidInputException otherwise
     */
    public static int requireLimit(int limit) {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 0 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
