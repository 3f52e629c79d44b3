package dev.tanken.redis.internal;

import dev.tanken.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed cache URL: {@code redis://[user:password@]host:port[/db][?prefix=NAME]} for one server,
 * {@code redis-cluster://[user:password@]host:port,host:port,...[?prefix=NAME]} for a Redis
 * Cluster (any reachable subset of the nodes is enough to discover the rest).
 *
 * <p>Parameters: {@code prefix} (key namespace, default {@value #DEFAULT_PREFIX}); {@code
 * waitReplicas=N} and {@code waitTimeoutMs=T}: a write-back write returns only once N replicas
 * acknowledged it (Redis {@code WAIT}), or fails after T ms (default 1000). Bounds on a Redis that is
 * down or stalled: {@code connectTimeoutMs} (default 1000) and {@code socketTimeoutMs} (default 2000)
 * per call; after repeated connection failures the cache is not asked at all for {@code
 * breakerOpenMs} (default 5000), then probed with one call. {@code nearCache=N}: keep up to N posts
 * in this process's memory too, kept coherent by Redis client tracking (default 0: none).
 */
public record RedisUrl(boolean cluster, List<Node> nodes, int database, String user, String password,
        String prefix, int waitReplicas, long waitTimeoutMillis, Timeouts timeouts, long nearCache) {

    /** The largest near cache a URL may ask for, in posts. */
    public static final long MAX_NEAR_CACHE = 10_000_000;

    /** How long a call may wait for an unreachable or stalled Redis, and how long the breaker stays open. */
    public record Timeouts(int connectMillis, int socketMillis, long breakerOpenMillis) {
        public static final Timeouts DEFAULTS = new Timeouts(1000, 2000, 5000);

        public Timeouts {
            if (connectMillis < 1 || socketMillis < 1 || breakerOpenMillis < 1) {
                throw new InvalidInputException("cache timeouts must be positive");
            }
        }
    }

    public static final String DEFAULT_PREFIX = "tanken";
    /** Braces would change Redis Cluster hash slots; whitespace and quotes would break key parsing. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final List<String> NUMERIC = List.of("waitReplicas", "waitTimeoutMs", "connectTimeoutMs",
            "socketTimeoutMs", "breakerOpenMs");

    public record Node(String host, int port) {
    }

    public static RedisUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("cache URL must not be empty (redis://host:port or"
                    + " redis-cluster://host:port,host:port)");
        }
        String u = url.strip();
        boolean cluster;
        String rest;
        if (u.startsWith("redis://")) {
            cluster = false;
            rest = u.substring("redis://".length());
        } else if (u.startsWith("redis-cluster://")) {
            cluster = true;
            rest = u.substring("redis-cluster://".length());
        } else {
            throw new InvalidInputException("cache URL must start with redis:// or redis-cluster://, got '" + url + "'");
        }
        String prefix = DEFAULT_PREFIX;
        int waitReplicas = 0;
        long waitTimeout = 1000;
        long connectTimeout = Timeouts.DEFAULTS.connectMillis();
        long socketTimeout = Timeouts.DEFAULTS.socketMillis();
        long breakerOpen = Timeouts.DEFAULTS.breakerOpenMillis();
        long nearCache = 0;
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String param : rest.substring(q + 1).split("&")) {
                if (param.isEmpty()) {
                    continue;
                }
                int eq = param.indexOf('=');
                String name = eq < 0 ? param : param.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
                if (NUMERIC.contains(name)) {
                    long n;
                    try {
                        n = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        n = -1;
                    }
                    boolean timeout = !name.equals("waitReplicas");
                    if (n < (timeout && !name.equals("waitTimeoutMs") ? 1 : 0)
                            || n > (timeout ? 600_000 : 16)) {
                        throw new InvalidInputException("cache URL parameter " + name + " must be a "
                                + (timeout ? "number of milliseconds up to 600000" : "number from 0 to 16")
                                + ", got '" + value + "'");
                    }
                    switch (name) {
                        case "waitReplicas" -> waitReplicas = (int) n;
                        case "waitTimeoutMs" -> waitTimeout = n;
                        case "connectTimeoutMs" -> connectTimeout = n;
                        case "socketTimeoutMs" -> socketTimeout = n;
                        default -> breakerOpen = n;
                    }
                    continue;
                }
                if (name.equals("nearCache")) {
                    try {
                        nearCache = Long.parseLong(value.strip());
                    } catch (NumberFormatException e) {
                        nearCache = -1;
                    }
                    if (nearCache < 0 || nearCache > MAX_NEAR_CACHE) {
                        throw new InvalidInputException("cache URL parameter nearCache must be a number of posts"
                                + " from 0 (off) to " + MAX_NEAR_CACHE + ", got '" + value + "'");
                    }
                    continue;
                }
                if (!name.equals("prefix")) {
                    throw new InvalidInputException("unknown cache URL parameter '" + name + "' in '" + url
                            + "' (known: prefix, nearCache, " + String.join(", ", NUMERIC) + ")");
                }
                if (!PREFIX.matcher(value).matches()) {
                    throw new InvalidInputException("cache key prefix must be 1 to 64 letters, digits, '.', '_',"
                            + " ':' or '-', got '" + value + "'");
                }
                prefix = value;
            }
            rest = rest.substring(0, q);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo);
            } else {
                user = colon == 0 ? null : decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
        }
        int database = 0;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String db = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (!db.isEmpty()) {
                if (cluster) {
                    throw new InvalidInputException("a Redis Cluster has only database 0; remove '/" + db + "' from '"
                            + url + "'");
                }
                try {
                    database = Integer.parseInt(db);
                } catch (NumberFormatException e) {
                    database = -1;
                }
                if (database < 0 || database > 15) {
                    throw new InvalidInputException("Redis database must be a number from 0 to 15, got '" + db + "'");
                }
            }
        }
        List<Node> nodes = new ArrayList<>();
        for (String hostPort : rest.split(",")) {
            nodes.add(node(hostPort.strip(), url));
        }
        if (!cluster && nodes.size() != 1) {
            throw new InvalidInputException("redis:// names one server; use redis-cluster:// for several: '" + url + "'");
        }
        return new RedisUrl(cluster, List.copyOf(nodes), database, user, password, prefix, waitReplicas, waitTimeout,
                new Timeouts((int) connectTimeout, (int) socketTimeout, breakerOpen), nearCache);
    }

    private static Node node(String hostPort, String url) {
        if (hostPort.isEmpty()) {
            throw new InvalidInputException("cache URL has an empty host: '" + url + "'");
        }
        String host = hostPort;
        int port = 6379;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new InvalidInputException("bad port in cache URL '" + url + "': '" + hostPort.substring(colon + 1)
                        + "'");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new InvalidInputException("cache URL has an empty host: '" + url + "'");
        }
        return new Node(host, port);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without the password, for messages. */
    public String describe() {
        StringBuilder b = new StringBuilder(cluster ? "redis-cluster://" : "redis://");
        for (int i = 0; i < nodes.size(); i++) {
            b.append(i == 0 ? "" : ",").append(nodes.get(i).host()).append(':').append(nodes.get(i).port());
        }
        if (database != 0) {
            b.append('/').append(database);
        }
        return b.append("?prefix=").append(prefix).toString();
    }
}
