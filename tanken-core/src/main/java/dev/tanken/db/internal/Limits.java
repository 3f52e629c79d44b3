package dev.tanken.db.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.db.DatabaseService;

/** Argument checks shared by the database implementations. */
public final class Limits {
    private Limits() {
    }

    public static int requireLimit(int limit) {
        if (limit < 0 || limit > DatabaseService.MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 0 and " + DatabaseService.MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }
}
