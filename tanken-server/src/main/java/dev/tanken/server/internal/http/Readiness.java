package dev.tanken.server.internal.http;

import dev.tanken.Tanken;
import dev.tanken.consistency.CachingDatabaseService;
import java.util.LinkedHashMap;
import java.util.Map;

/** Whether the database, the blob store and the cache (if any) answer, each checked with one cheap call. */
public final class Readiness {
    private static final String NO_SUCH_SHA = "0".repeat(64);
    private final Tanken tanken;

    public Readiness(Tanken tanken) {
        this.tanken = tanken;
    }

    /** Each part's state: {@code ok} or {@code unavailable}; in order database, blobs, cache. */
    public Map<String, String> check() {
        Map<String, String> states = new LinkedHashMap<>();
        CachingDatabaseService tier = tanken.cache().orElse(null);
        states.put("database", probe(() -> (tier == null ? tanken.database() : tier.database())
                .findUserByName("readyz-probe")));
        states.put("blobs", probe(() -> tanken.blobs().exists(tanken.blobs().keyFor(NO_SUCH_SHA))));
        if (tier != null) {
            states.put("cache", probe(() -> tier.cache().ping()));
        }
        return states;
    }

    private static String probe(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (RuntimeException e) {
            return "unavailable";
        }
    }
}
