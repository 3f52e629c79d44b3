package dev.tanken.server.internal.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A token bucket per caller key, in this process: {@code perSecond} calls a second on average, up
 * to {@code burst} at once. Keys idle long enough to have refilled are forgotten, so a stream of new
 * addresses cannot grow the map without bound.
 */
public final class TokenBuckets implements Predicate<String> {
    private static final int SWEEP_ABOVE = 50_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    public TokenBuckets(double perSecond, int burst, LongSupplier nanoClock) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    @Override
    public boolean test(String key) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.updated) / 1e9 * perSecond);
            b.updated = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    private void sweep(long now) {
        long full = (long) (burst / perSecond * 1e9);
        buckets.entrySet().removeIf(e -> now - e.getValue().updated > full);
    }
}
