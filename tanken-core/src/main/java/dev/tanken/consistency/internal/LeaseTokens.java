package dev.tanken.consistency.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fill lease tokens: unique across the processes sharing a cache (64 random bits per process) and
 * within one (a counter). A token only has to tell lease holders apart, so one secure random draw
 * per process is enough; a {@code UUID.randomUUID()} per miss cost each reader a draw from the
 * shared {@link SecureRandom} and its lock.
 */
public final class LeaseTokens {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    public LeaseTokens() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.prefix = HexFormat.of().formatHex(random) + ".";
    }

    /** A token no other call of any process has. */
    public String next() {
        return prefix + Long.toString(next.incrementAndGet(), 36);
    }
}
