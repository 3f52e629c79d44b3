package dev.tanken.consistency;

import dev.tanken.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the cache tier.
 *
 * @param defaultPolicy policy of writes that do not name one
 * @param entryTtl how long a cached post lives without being written
 * @param leaseTtl how long a reader that missed may take to fill the cache before others stop
 *     waiting for it and read the database themselves
 * @param flushBatchSize write-back entries applied per database batch
 * @param flushInterval how long an idle flusher waits for new entries
 * @param lockTtl the flusher lock's lifetime: when a flusher dies, another takes over its entries
 *     after at most this long
 * @param runFlusher whether this process runs a background flusher (one per process is typical; only
 *     the lock holder works)
 * @param writeBackFallback when the cache is unreachable, turn write-back writes into write-through
 *     instead of failing them
 * @param drainTimeout how long {@code flush()} and {@code close()} wait for the queue to empty
 */
public record CacheTierOptions(
        WritePolicy defaultPolicy,
        Duration entryTtl,
        Duration leaseTtl,
        int flushBatchSize,
        Duration flushInterval,
        Duration lockTtl,
        boolean runFlusher,
        boolean writeBackFallback,
        Duration drainTimeout) {

    public static final CacheTierOptions DEFAULTS = new CacheTierOptions(WritePolicy.WRITE_THROUGH,
            Duration.ofHours(1), Duration.ofMillis(500), 500, Duration.ofMillis(200), Duration.ofSeconds(10), true,
            false, Duration.ofSeconds(60));

    public CacheTierOptions {
        Objects.requireNonNull(defaultPolicy, "default policy");
        positive(entryTtl, "entry TTL");
        positive(leaseTtl, "lease TTL");
        positive(flushInterval, "flush interval");
        positive(lockTtl, "lock TTL");
        positive(drainTimeout, "drain timeout");
        if (flushBatchSize < 1 || flushBatchSize > 10_000) {
            throw new InvalidInputException("flush batch size must be between 1 and 10000, got " + flushBatchSize);
        }
        if (flushInterval.compareTo(lockTtl.dividedBy(3)) > 0) {
            throw new InvalidInputException("flush interval must be at most a third of the lock TTL, so the lock"
                    + " is renewed in time");
        }
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidInputException(what + " must be a positive duration, got " + d);
        }
    }

    public CacheTierOptions withDefaultPolicy(WritePolicy policy) {
        return new CacheTierOptions(policy, entryTtl, leaseTtl, flushBatchSize, flushInterval, lockTtl, runFlusher,
                writeBackFallback, drainTimeout);
    }

    public CacheTierOptions withFlusher(boolean run, int batchSize, Duration interval, Duration lock) {
        return new CacheTierOptions(defaultPolicy, entryTtl, leaseTtl, batchSize, interval, lock, run,
                writeBackFallback, drainTimeout);
    }

    public CacheTierOptions withWriteBackFallback(boolean fallback) {
        return new CacheTierOptions(defaultPolicy, entryTtl, leaseTtl, flushBatchSize, flushInterval, lockTtl,
                runFlusher, fallback, drainTimeout);
    }

    public CacheTierOptions withDrainTimeout(Duration timeout) {
        return new CacheTierOptions(defaultPolicy, entryTtl, leaseTtl, flushBatchSize, flushInterval, lockTtl,
                runFlusher, writeBackFallback, timeout);
    }

    /** The names {@link #withSettings} reads, as URL query parameters and (upper-cased) environment variables. */
    public static final java.util.List<String> SETTINGS = java.util.List.of("policy", "entry-ttl", "lease-ttl",
            "flush-batch-size", "flush-interval", "lock-ttl", "flusher", "write-back-fallback", "drain-timeout");

    /**
     * These options with the given settings applied, each by name (see {@link #SETTINGS}): durations in
     * the {@link dev.tanken.model.Durations} syntax, booleans as true/false, the batch size as a number.
     *
     * @throws InvalidInputException naming an unknown setting or a malformed value
     */
    public CacheTierOptions withSettings(java.util.Map<String, String> settings) {
        WritePolicy policy = defaultPolicy;
        Duration entry = entryTtl;
        Duration lease = leaseTtl;
        int batch = flushBatchSize;
        Duration interval = flushInterval;
        Duration lock = lockTtl;
        boolean flusher = runFlusher;
        boolean fallback = writeBackFallback;
        Duration drain = drainTimeout;
        for (java.util.Map.Entry<String, String> e : settings.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "policy" -> policy = WritePolicy.parse(v);
                case "entry-ttl" -> entry = dev.tanken.model.Durations.parse(v, "cache entry-ttl");
                case "lease-ttl" -> lease = dev.tanken.model.Durations.parse(v, "cache lease-ttl");
                case "flush-batch-size" -> batch = integer(v, "cache flush-batch-size");
                case "flush-interval" -> interval = dev.tanken.model.Durations.parse(v, "cache flush-interval");
                case "lock-ttl" -> lock = dev.tanken.model.Durations.parse(v, "cache lock-ttl");
                case "flusher" -> flusher = bool(v, "cache flusher");
                case "write-back-fallback" -> fallback = bool(v, "cache write-back-fallback");
                case "drain-timeout" -> drain = dev.tanken.model.Durations.parse(v, "cache drain-timeout");
                default -> throw new InvalidInputException("unknown cache setting '" + e.getKey() + "': use one of "
                        + String.join(", ", SETTINGS));
            }
        }
        return new CacheTierOptions(policy, entry, lease, batch, interval, lock, flusher, fallback, drain);
    }

    private static int integer(String v, String what) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(what + " must be a whole number, got '" + v + "'");
        }
    }

    private static boolean bool(String v, String what) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new InvalidInputException(what + " must be true or false, got '" + v + "'");
        };
    }
}
