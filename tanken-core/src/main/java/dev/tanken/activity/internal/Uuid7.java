package dev.tanken.activity.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * UUIDv7 for a given instant (RFC 9562): 48 bits of Unix milliseconds, then random bits. Unlike a
 * generator tied to the clock, this can stamp entries of the past, so that generated data has ids
 * in the same order as its times.
 */
public final class Uuid7 {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Uuid7() {
    }

    public static UUID at(Instant time) {
        return at(time.toEpochMilli(), RANDOM);
    }

    public static UUID at(long epochMillis, Random random) {
        long msb = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
