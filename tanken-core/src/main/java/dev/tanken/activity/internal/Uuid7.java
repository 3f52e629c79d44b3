package dev.tanken.activity.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * UUIDv7 for a given instant (RFC 9562): 48 bits of Unix milliseconds, then random bits. Unlike a
 * generator tied to the clock, this can stamp entries of the past, so that generated data has ids
 * in the same order as its times.
 */
public final class Uuid7 {
    private static final SecureRandom SEEDS = new SecureRandom();
    /**
     * One generator per thread, each seeded from SecureRandom: a shared SecureRandom is a lock that
     * every ingest worker takes twice per entry. The ids need to be unique, not secret (they are
     * handed out); 74 random bits from a 64-bit seeded stream per thread keep collisions as unlikely
     * as two seeds meeting.
     */
    private static final ThreadLocal<SplittableRandom> RANDOM =
            ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

    private Uuid7() {
    }

    public static UUID at(Instant time) {
        SplittableRandom random = RANDOM.get();
        return of(time.toEpochMilli(), random.nextInt(), random.nextLong());
    }

    public static UUID at(long epochMillis, Random random) {
        return of(epochMillis, random.nextInt(), random.nextLong());
    }

    private static UUID of(long epochMillis, int high, long low) {
        long msb = (epochMillis << 16) | 0x7000L | (high & 0x0fffL);
        long lsb = (low & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
