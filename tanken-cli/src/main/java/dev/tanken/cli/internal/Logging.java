package dev.tanken.cli.internal;

/**
 * Configures slf4j-simple through its system properties. They are read once, when the first logger
 * is created, so this must run before any Tanken, Hikari or Flyway class is touched; the CLI calls
 * it right after parsing the command line and before running a command.
 */
public final class Logging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final java.util.List<String> QUIET_ABOUT_OUTAGES = java.util.List.of(
            "dev.tanken.consistency.internal.CacheGuard", "dev.tanken.redis.ActivityWorker",
            "dev.tanken.redis.internal.StreamedActivity", "dev.tanken.internal.ActivityRecorder",
            "io.github.resilience4j");
    // The write-back flusher retries a read the stream's deletion unblocked (cache flush --drop) and
    // warns each time; a write it cannot apply still ends as a dead letter that cache stats and doctor count.
    private static final java.util.List<String> QUIET_ABOUT_RETRIES = java.util.List.of(
            "dev.tanken.consistency.internal.WriteBackFlusher");

    private Logging() {
    }

    public static void configure(boolean verbose) {
        if (verbose) {
            System.setProperty(PREFIX + "defaultLogLevel", "debug");
            setIfAbsent("showThreadName", "true");
            setIfAbsent("showDateTime", "true");
            setIfAbsent("dateTimeFormat", "HH:mm:ss.SSS");
        } else {
            // A -D on the java command line still wins over the quiet default.
            setIfAbsent("defaultLogLevel", "warn");
            setIfAbsent("showThreadName", "false");
            // The pool reports each broken connection with a stack trace; the command reports the
            // failure that matters in one line of its own, so the pool stays silent unless --verbose.
            setIfAbsent("log.com.zaxxer.hikari", "off");
            // A cache outage is reported once per command (CacheOutageNotice); the tier's and the
            // activity relay's own lines about it would repeat it on every retry.
            for (String quiet : QUIET_ABOUT_OUTAGES) {
                setIfAbsent("log." + quiet, "error");
            }
            for (String quiet : QUIET_ABOUT_RETRIES) {
                setIfAbsent("log." + quiet, "error");
            }
        }
        setIfAbsent("logFile", "System.err");
        setIfAbsent("showShortLogName", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
