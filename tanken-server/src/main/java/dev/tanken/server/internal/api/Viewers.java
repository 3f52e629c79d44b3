package dev.tanken.server.internal.api;

import dev.tanken.Tanken;
import dev.tanken.model.User;
import dev.tanken.server.internal.connect.Caller;
import java.util.UUID;

/** The user id a caller reads as: what the library's privacy rules take. */
public final class Viewers {
    private final Tanken tanken;

    public Viewers(Tanken tanken) {
        this.tanken = tanken;
    }

    /** Null for anonymous callers and for names that own nothing yet (a stranger's view is theirs). */
    public UUID id(Caller caller) {
        if (caller.isAnonymous()) {
            return null;
        }
        if (caller.userId() != null) {
            return caller.userId();
        }
        return tanken.database().findUserByName(caller.username()).map(User::id).orElse(null);
    }
}
