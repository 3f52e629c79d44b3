package dev.tanken.cli.internal.bench;

import dev.tanken.InvalidInputException;
import dev.tanken.consistency.WritePolicy;
import java.time.Duration;
import java.util.List;

/**
 * The settings of a cache experiment: what mix of operations, over how many posts, with what
 * popularity skew, and which cache configurations to try.
 *
 * @param readRatio share of operations that read (the rest like a post)
 * @param zipf popularity skew: post of rank r is read with probability proportional to 1/r^zipf
 * @param keys number of distinct posts
 * @param multiGet posts per read (1 = single reads, 20 = a feed page)
 * @param capacities cache sizes to sweep, in posts
 * @param ttl lifetime of a cached post
 * @param threads client threads
 * @param duration measured time per configuration (ignored when {@code operations} is positive)
 * @param operations measured operations per configuration, 0 to run for {@code duration}
 * @param warmup unmeasured operations before each measurement
 * @param policies write policies to compare
 * @param admissions cache admission/eviction policies to compare
 * @param keySeed seed of the posts' ids (42 is the benchmarks' 1M-post dataset)
 */
public record CacheWorkload(double readRatio, double zipf, int keys, int multiGet, List<Integer> capacities,
        Duration ttl, int threads, Duration duration, long operations, long warmup, List<WritePolicy> policies,
        List<String> admissions, long keySeed) {

    public CacheWorkload {
        if (!(readRatio >= 0 && readRatio <= 1)) {
            throw new InvalidInputException("read ratio must be between 0 and 1, got " + readRatio);
        }
        if (!(zipf >= 0 && zipf <= 5)) {
            throw new InvalidInputException("Zipf skew must be between 0 and 5, got " + zipf);
        }
        if (keys < 1 || keys > 10_000_000) {
            throw new InvalidInputException("keys must be between 1 and 10000000, got " + keys);
        }
        if (multiGet < 1 || multiGet > 1000) {
            throw new InvalidInputException("multi-get size must be between 1 and 1000, got " + multiGet);
        }
        if (capacities.isEmpty() || capacities.stream().anyMatch(c -> c < 1)) {
            throw new InvalidInputException("cache capacities must be at least 1 post each, got " + capacities);
        }
        if (threads < 1 || threads > 256) {
            throw new InvalidInputException("threads must be between 1 and 256, got " + threads);
        }
        if (operations < 0 || warmup < 0) {
            throw new InvalidInputException("operations and warm-up must not be negative");
        }
        if (operations == 0 && (duration == null || duration.isNegative() || duration.isZero())) {
            throw new InvalidInputException("give a positive --duration or --operations");
        }
        if (ttl == null || ttl.toMillis() < 1) {
            throw new InvalidInputException("TTL must be at least 1 ms, got " + ttl);
        }
        if (policies.isEmpty() || admissions.isEmpty()) {
            throw new InvalidInputException("give at least one policy and one admission policy");
        }
        capacities = List.copyOf(capacities);
        policies = List.copyOf(policies);
        admissions = List.copyOf(admissions);
    }

    public int runs() {
        return capacities.size() * policies.size() * admissions.size();
    }
}
