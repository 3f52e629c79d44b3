package dev.tanken.cli.internal;

import dev.tanken.Tanken;
import java.io.PrintWriter;

/**
 * The one line a command prints on stderr when its cache could not be reached and the database
 * served it instead. The tier's own log lines about the outage are silenced unless --verbose
 * ({@link Logging}), so a command says it once, whatever it did.
 */
public final class CacheOutageNotice {
    private Tanken tanken;

    /** Remembers the Tanken a command opened (still usable after it was closed). */
    public void watch(Tanken tanken) {
        this.tanken = tanken;
    }

    /** Prints the line if the command's cache failed; at most once. */
    public void print(PrintWriter err) {
        Tanken t = tanken;
        tanken = null;
        if (t == null) {
            return;
        }
        t.cache().filter(tier -> tier.cacheUnavailable()).ifPresent(tier -> {
            err.println("tanken: cache " + tier.cache() + " unreachable; served from the database");
            err.flush();
        });
    }
}
