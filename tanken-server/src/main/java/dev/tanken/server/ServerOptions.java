package dev.tanken.server;

import dev.tanken.InvalidInputException;
import dev.tanken.ingest.IngestLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TankenServer} listens and what it allows.
 *
 * @param bind the address to listen on; {@code 127.0.0.1} keeps it to this machine
 * @param port 0 for any free port
 * @param maxMessageBytes the largest request message; by default room for the largest photo the
 *     ingest limits accept
 * @param maxCallTime the longest a call may run, whatever deadline the client sets
 * @param idleTimeout how long a connection may stay silent, slow clients included
 * @param stopTimeout how long a stop waits for calls in flight
 * @param ratePerSecond calls a second each caller (user, else address) may make on average; 0 for no limit
 * @param rateBurst how many calls a caller may make at once
 * @param tls null for cleartext (HTTP/1.1 and h2c); else HTTPS with HTTP/2 and HTTP/1.1
 * @param sharedRateLimitUrl a Redis URL (the cache's) to keep the rate limit's buckets in, shared by
 *     every instance; null keeps them in this process
 * @param web the page at {@code /}: its map's tiles and where it opens; null for the defaults
 */
public record ServerOptions(String bind, int port, AuthOptions auth, int maxMessageBytes, Duration maxCallTime,
        Duration idleTimeout, Duration stopTimeout, int maxHeaderBytes, double ratePerSecond, int rateBurst,
        Tls tls, String sharedRateLimitUrl, WebOptions web) {

    /** A PKCS#12 or JKS key store with the server's certificate and key. */
    public record Tls(Path keyStore, String password) {
        public Tls {
            Objects.requireNonNull(keyStore, "key store");
            password = password == null ? "" : password;
        }
    }

    public static final int DEFAULT_PORT = 8080;

    public ServerOptions {
        if (bind == null || bind.isBlank()) {
            throw new InvalidInputException("the bind address must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("port must be between 0 and 65535, got " + port);
        }
        Objects.requireNonNull(auth, "auth");
        web = web == null ? WebOptions.defaults() : web;
        if (maxMessageBytes < 1024) {
            throw new InvalidInputException("the message size limit must be at least 1024 bytes");
        }
        requirePositive(maxCallTime, "call time limit");
        requirePositive(idleTimeout, "idle timeout");
        Objects.requireNonNull(stopTimeout, "stop timeout");
        if (maxHeaderBytes < 1024) {
            throw new InvalidInputException("the header size limit must be at least 1024 bytes");
        }
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond) || (ratePerSecond > 0 && rateBurst < 1)) {
            throw new InvalidInputException("the rate limit must be a number of calls per second >= 0 with a burst >= 1");
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidInputException(what + " must be positive");
        }
    }

    /** Loopback, port 8080, dev sign-in, limits from the default ingest limits. */
    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", DEFAULT_PORT, AuthOptions.dev(), defaultMaxMessageBytes(IngestLimits.DEFAULT),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(20), 16 * 1024, 50, 100, null, null, null);
    }

    /** Room for the largest photo the limits accept, base64 in JSON included, plus the other fields. */
    public static int defaultMaxMessageBytes(IngestLimits limits) {
        long bytes = limits.maxFileBytes() / 3 * 4 + 64 * 1024;
        return (int) Math.min(Integer.MAX_VALUE - 16, bytes);
    }

    public ServerOptions withBind(String newBind) {
        return new ServerOptions(newBind, port, auth, maxMessageBytes, maxCallTime, idleTimeout, stopTimeout,
                maxHeaderBytes, ratePerSecond, rateBurst, tls, sharedRateLimitUrl, web);
    }

    public ServerOptions withPort(int newPort) {
        return new ServerOptions(bind, newPort, auth, maxMessageBytes, maxCallTime, idleTimeout, stopTimeout,
                maxHeaderBytes, ratePerSecond, rateBurst, tls, sharedRateLimitUrl, web);
    }

    public ServerOptions withAuth(AuthOptions newAuth) {
        return new ServerOptions(bind, port, newAuth, maxMessageBytes, maxCallTime, idleTimeout, stopTimeout,
                maxHeaderBytes, ratePerSecond, rateBurst, tls, sharedRateLimitUrl, web);
    }

    public ServerOptions withMaxMessageBytes(int bytes) {
        return new ServerOptions(bind, port, auth, bytes, maxCallTime, idleTimeout, stopTimeout, maxHeaderBytes,
                ratePerSecond, rateBurst, tls, sharedRateLimitUrl, web);
    }

    public ServerOptions withMaxCallTime(Duration time) {
        return new ServerOptions(bind, port, auth, maxMessageBytes, time, idleTimeout, stopTimeout, maxHeaderBytes,
                ratePerSecond, rateBurst, tls, sharedRateLimitUrl, web);
    }

    public ServerOptions withIdleTimeout(Duration timeout) {
        return new ServerOptions(bind, port, auth, maxMessageBytes, maxCallTime, timeout, stopTimeout, maxHeaderBytes,
                ratePerSecond, rateBurst, tls, sharedRateLimitUrl, web);
    }

    public ServerOptions withStopTimeout(Duration timeout) {
        return new ServerOptions(bind, port, auth, maxMessageBytes, maxCallTime, idleTimeout, timeout, maxHeaderBytes,
                ratePerSecond, rateBurst, tls, sharedRateLimitUrl, web);
    }

    /** {@code perSecond} 0 turns the limit off. */
    public ServerOptions withRateLimit(double perSecond, int burst) {
        return new ServerOptions(bind, port, auth, maxMessageBytes, maxCallTime, idleTimeout, stopTimeout,
                maxHeaderBytes, perSecond, burst, tls, sharedRateLimitUrl, web);
    }

    /** Keeps the rate limit's buckets in this Redis (null: in process). */
    public ServerOptions withSharedRateLimit(String redisUrl) {
        return new ServerOptions(bind, port, auth, maxMessageBytes, maxCallTime, idleTimeout, stopTimeout,
                maxHeaderBytes, ratePerSecond, rateBurst, tls, redisUrl == null || redisUrl.isBlank() ? null : redisUrl, web);
    }

    public ServerOptions withTls(Tls newTls) {
        return new ServerOptions(bind, port, auth, maxMessageBytes, maxCallTime, idleTimeout, stopTimeout,
                maxHeaderBytes, ratePerSecond, rateBurst, newTls, sharedRateLimitUrl, web);
    }

    public ServerOptions withWeb(WebOptions newWeb) {
        return new ServerOptions(bind, port, auth, maxMessageBytes, maxCallTime, idleTimeout, stopTimeout,
                maxHeaderBytes, ratePerSecond, rateBurst, tls, sharedRateLimitUrl, newWeb);
    }
}
