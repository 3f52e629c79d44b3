package dev.tanken.redis.internal;

import dev.tanken.StorageException;
import dev.tanken.cache.CacheUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Every call to one Redis server or cluster goes through here: Jedis failures become Tanken
 * exceptions, and a circuit breaker stops paying the connect or socket timeout on every call while
 * the server is unreachable, letting one call through after a while to see whether it is back.
 *
 * <p>Only unreachability opens the breaker (refused or broken connections, socket timeouts, a
 * cluster that cannot serve a slot). Slowness under the socket timeout never counts, and neither do
 * Redis's answers to the command itself (a missing script, a missing group): a loaded machine must
 * not make the tier give up on a Redis that answers.
 */
public final class RedisHealth {
    private final CircuitBreaker breaker;
    private final String description;
    /** A call made inside another (creating a missing group, say) is the outer call's business. */
    private final ThreadLocal<Boolean> inCall = ThreadLocal.withInitial(() -> Boolean.FALSE);

    public RedisHealth(String description, Duration openFor) {
        this.description = description;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                // One unreachable call opens it when nothing was asked before, so a short-lived
                // command against a stalled server pays one socket timeout, not two; after a success
                // it takes half of the window's calls.
                .minimumNumberOfCalls(1)
                .failureRateThreshold(50)
                // Never open for slowness: a call that answers within the socket timeout is a success.
                .slowCallDurationThreshold(Duration.ofDays(1))
                .slowCallRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(RedisHealth::isOutage)
                .build();
        this.breaker = CircuitBreaker.of("redis " + description, config);
    }

    /** Whether {@code e} says Redis could not be reached, as opposed to an answer Redis gave. */
    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CacheUnavailableException || t instanceof JedisConnectionException
                    || t instanceof JedisClusterOperationException || t instanceof IOException
                    || (t instanceof JedisClusterException && t.getMessage() != null
                            && t.getMessage().startsWith("CLUSTERDOWN"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether calls are currently refused without asking Redis. */
    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /**
     * Runs {@code action} against Redis.
     *
     * @throws CacheUnavailableException if Redis is unreachable, or was a moment ago (breaker open)
     * @throws StorageException if Redis refused the command
     */
    public <T> T call(String what, Supplier<T> action) {
        if (inCall.get()) {
            return action.get();
        }
        if (!breaker.tryAcquirePermission()) {
            throw new CacheUnavailableException("cache " + description + " unreachable (" + what
                    + " not attempted: it failed repeatedly just before; probing again shortly)");
        }
        long start = System.nanoTime();
        inCall.set(Boolean.TRUE);
        try {
            T result = action.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (JedisException | CacheUnavailableException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            if (e instanceof StorageException s) {
                throw s;
            }
            if (isOutage(e)) {
                throw new CacheUnavailableException("cache " + description + " unreachable: " + what + " failed: "
                        + e.getMessage(), e);
            }
            throw new StorageException("cache " + description + ": " + what + " failed: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        } finally {
            inCall.set(Boolean.FALSE);
        }
    }
}
