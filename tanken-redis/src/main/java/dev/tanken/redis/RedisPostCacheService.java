package dev.tanken.redis;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityLog;

import dev.tanken.cache.CachedPost;
import dev.tanken.cache.GeoCell;
import dev.tanken.cache.NearbyCandidate;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackQueue;
import dev.tanken.redis.internal.GeoGrid;
import dev.tanken.redis.internal.Keys;
import dev.tanken.redis.internal.LazyClient;
import dev.tanken.cache.internal.PostCodec;
import dev.tanken.redis.internal.RedisHealth;
import dev.tanken.redis.internal.RedisUrl;
import dev.tanken.redis.internal.RedisWriteBackQueue;
import dev.tanken.redis.internal.Script;
import dev.tanken.redis.internal.Scripts;
import dev.tanken.redis.internal.StreamedActivity;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@link PostCacheService} on Redis 7+ through Jedis {@link UnifiedJedis}: the same code serves one
 * server ({@code redis://}) and a Redis Cluster ({@code redis-cluster://}). All keys live under the
 * URL's prefix. Thread-safe.
 *
 * <p>Memory policy: cached entries carry a TTL; write-back changes not yet in the database carry
 * none. Run Redis with {@code maxmemory-policy volatile-lru} (or {@code noeviction}) so that only
 * expendable entries are ever evicted.
 */
public final class RedisPostCacheService implements PostCacheService {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPostCacheService.class);
    private static final Duration VERSION_TTL = Duration.ofDays(1);
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_DENSITY_AREAS = 100_000;
    /** Posts filled by one script call on a single server. */
    private static final int FILL_CHUNK = 64;
    /**
     * A post's fill lease lives in its counters key while the counters are missing: counters are
     * digits, a lease is this prefix and the holder's token. So one plain {@code SET NX GET} both
     * reads the counters and, only when they are missing, takes the lease.
     */
    private static final String LEASE_PREFIX = "L:";
    private static final byte[] LEASE_PREFIX_BYTES = b(LEASE_PREFIX);

    private final LazyClient client;
    private final boolean cluster;
    private final Keys keys;
    private final String description;
    private final RedisWriteBackQueue queue;
    private final RedisHealth health;
    /**
     * Points per square metre, by cell and by 0.01° area, as last seen: the first radius of a nearby
     * search there. Cells' averages are too coarse in a city whose density varies within a cell.
     */
    private final Map<String, Double> density = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private RedisPostCacheService(LazyClient client, RedisUrl url) {
        this.client = client;
        this.cluster = url.cluster();
        this.keys = new Keys(url.prefix());
        this.description = url.describe();
        this.health = new RedisHealth(description, Duration.ofMillis(url.timeouts().breakerOpenMillis()));
        this.queue = new RedisWriteBackQueue(client, keys, url.waitReplicas(), url.waitTimeoutMillis(), description,
                health);
    }

    /**
     * The activity stream on this cache's server (or cluster), under this cache's key prefix, sharing
     * this cache's connections; closing the stream leaves the cache open.
     */
    public RedisActivityStream activityStream() {
        return RedisActivityStream.using(client, keys.prefix() + ":activity", description, health);
    }

    @Override
    public long drainActivity(ActivityLog log) {
        return StreamedActivity.drain(activityStream(), log);
    }

    /**
     * A cache on the server or cluster the URL names. Nothing is asked of Redis until the first
     * call (for a cluster, that call first reads the slot map from a node), so a server or cluster
     * that is down does not stop the application from starting: calls then fail with {@link
     * dev.tanken.cache.CacheUnavailableException}, which the cache tier answers from the database.
     *
     * @throws InvalidInputException if the URL is malformed
     */
    public static RedisPostCacheService open(String url) {
        RedisUrl u = RedisUrl.parse(url);
        RedisUrl.Timeouts t = u.timeouts();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(t.connectMillis()).socketTimeoutMillis(t.socketMillis())
                .blockingSocketTimeoutMillis(Math.max(5000, t.socketMillis() * 2))
                .clientName("tanken")
                // Named, so that making the client does not borrow a connection to learn it: that
                // probe runs outside the breaker and would cost a stalled server's socket timeout
                // at every open.
                .protocol(RedisProtocol.RESP2);
        if (u.user() != null) {
            config.user(u.user());
        }
        if (u.password() != null) {
            config.password(u.password());
        }
        if (!u.cluster()) {
            config.database(u.database());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(32);
        pool.setMaxIdle(32);
        pool.setMinIdle(0);
        LazyClient client;
        if (u.cluster()) {
            Set<HostAndPort> nodes = u.nodes().stream().map(n -> new HostAndPort(n.host(), n.port()))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            DefaultJedisClientConfig clientConfig = config.build();
            // Made by the first call: a cluster client reads the slot map from a node when it is made.
            client = new LazyClient(() -> RedisClusterClient.builder().nodes(nodes).clientConfig(clientConfig)
                    .poolConfig(pool).maxAttempts(3).maxTotalRetriesDuration(Duration.ofSeconds(3)).build());
        } else {
            RedisUrl.Node n = u.nodes().get(0);
            try {
                client = LazyClient.of(RedisClient.builder().hostAndPort(n.host(), n.port())
                        .clientConfig(config.build()).poolConfig(pool).build());
            } catch (JedisException e) {
                throw new dev.tanken.cache.CacheUnavailableException("cache " + u.describe() + " unreachable: "
                        + e.getMessage(), e);
            }
        }
        return new RedisPostCacheService(client, u);
    }

    @Override
    public String namespace() {
        return keys.prefix();
    }

    @Override
    public String toString() {
        return description;
    }

    // ---- error handling

    /** The client, made on first use (see {@link LazyClient}); only inside {@link #call}. */
    private UnifiedJedis jedis() {
        return client.get();
    }

    private <T> T call(String what, Supplier<T> action) {
        if (closed) {
            throw new IllegalStateException("cache service " + description + " is closed");
        }
        return health.call(what, action);
    }

    /** Whether calls are refused without asking Redis, after it failed repeatedly. */
    public boolean unreachable() {
        return health.isOpen();
    }

    /**
     * Runs queued commands in one pipeline (one round trip per node) and resolves the results. If a
     * node does not know a script yet, runs the pipeline again sending the scripts' source.
     */
    private <T> T pipelined(String what, BiFunction<AbstractPipeline, Boolean, Supplier<T>> body) {
        return call(what, () -> {
            try {
                return runPipeline(body, false);
            } catch (JedisException e) {
                if (Script.isNoScript(e)) {
                    return runPipeline(body, true);
                }
                throw e;
            }
        });
    }

    private <T> T runPipeline(BiFunction<AbstractPipeline, Boolean, Supplier<T>> body, boolean withSource) {
        try (AbstractPipeline p = jedis().pipelined()) {
            Supplier<T> result = body.apply(p, withSource);
            p.sync();
            return result.get();
        }
    }

    private static Response<Object> queue(Script script, AbstractPipeline p, boolean withSource, List<byte[]> keys,
            List<byte[]> args) {
        return withSource ? script.queueWithSource(p, keys, args) : script.queue(p, keys, args);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] b(long n) {
        return b(Long.toString(n));
    }

    // ---- generic operations

    @Override
    public void ping() {
        call("ping", () -> {
            if (cluster) {
                jedis().exists(keys.plain("ping"));
            } else {
                jedis().ping();
            }
            return null;
        });
    }

    @Override
    public boolean exists(String key) {
        String k = keys.plain(key);
        return call("EXISTS", () -> jedis().exists(k));
    }

    @Override
    public Map<String, String> hashGetAll(String key) {
        String k = keys.plain(key);
        return call("HGETALL", () -> jedis().hgetAll(k));
    }

    @Override
    public void hashPut(String key, Map<String, String> fields, Duration ttl) {
        String k = keys.plain(key);
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw new InvalidInputException("a hash needs at least one field");
        }
        pipelined("HSET", (p, s) -> {
            Response<Long> set = p.hset(k, fields);
            Response<Long> expire = ttl == null ? null : p.pexpire(k, ttl.toMillis());
            return () -> {
                set.get();
                if (expire != null) {
                    expire.get();
                }
                return null;
            };
        });
    }

    /** Pipelined HINCRBYs on one key: one round trip, one slot on a Cluster. */
    @Override
    public void addSharedCounters(Map<String, Long> deltas) {
        String k = keys.stats();
        Map<String, Long> nonZero = new java.util.TreeMap<>();
        Objects.requireNonNull(deltas, "deltas").forEach((field, delta) -> {
            if (delta != 0) {
                nonZero.put(field, delta);
            }
        });
        if (nonZero.isEmpty()) {
            return;
        }
        pipelined("HINCRBY", (p, s) -> {
            List<Response<Long>> added = new ArrayList<>();
            nonZero.forEach((field, delta) -> added.add(p.hincrBy(k, field, delta)));
            return () -> {
                added.forEach(Response::get);
                return null;
            };
        });
    }

    @Override
    public Map<String, Long> sharedCounters() {
        String k = keys.stats();
        Map<String, String> raw = call("HGETALL", () -> jedis().hgetAll(k));
        Map<String, Long> counters = new java.util.TreeMap<>();
        raw.forEach((field, value) -> counters.put(field, Long.parseLong(value)));
        return counters;
    }

    @Override
    public boolean setAdd(String key, String member) {
        String k = keys.plain(key);
        return call("SADD", () -> jedis().sadd(k, member) == 1);
    }

    @Override
    public boolean setRemove(String key, String member) {
        String k = keys.plain(key);
        return call("SREM", () -> jedis().srem(k, member) == 1);
    }

    @Override
    public boolean setContains(String key, String member) {
        String k = keys.plain(key);
        return call("SISMEMBER", () -> jedis().sismember(k, member));
    }

    @Override
    public Set<String> setMembers(String key) {
        String k = keys.plain(key);
        return call("SMEMBERS", () -> jedis().smembers(k));
    }

    @Override
    public long delete(String... keyNames) {
        if (keyNames.length == 0) {
            return 0;
        }
        List<String> full = new ArrayList<>();
        for (String k : keyNames) {
            full.add(keys.plain(k));
        }
        return pipelined("DEL", (p, s) -> {
            List<Response<Long>> r = full.stream().map(p::del).toList();
            return () -> r.stream().mapToLong(Response::get).sum();
        });
    }

    @Override
    public long deleteNamespace() {
        return call("deleting namespace " + keys.prefix(), () -> {
            long deleted = 0;
            ScanParams params = new ScanParams().match(keys.pattern()).count(1000);
            if (cluster) {
                for (ConnectionPool node : ((RedisClusterClient) jedis()).getClusterNodes().values()) {
                    try (Connection c = node.getResource()) {
                        deleted += deleteScanned(new Jedis(c), params);
                    }
                }
            } else {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = jedis().scan(cursor, params);
                    if (!page.getResult().isEmpty()) {
                        deleted += jedis().unlink(page.getResult().toArray(String[]::new));
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
            density.clear();
            return deleted;
        });
    }

    /** Scans one cluster node; deletes through the cluster client, which routes each key to its slot. */
    private long deleteScanned(Jedis node, ScanParams params) {
        long deleted = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = node.scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                List<String> found = page.getResult();
                deleted += runPipeline((p, s) -> {
                    List<Response<Long>> r = found.stream().map(p::unlink).toList();
                    return () -> r.stream().mapToLong(Response::get).sum();
                }, false);
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return deleted;
    }

    // ---- posts

    private List<byte[]> postKeys(PostId id, char... parts) {
        List<byte[]> out = new ArrayList<>(parts.length);
        for (char part : parts) {
            out.add(keys.post(id, part));
        }
        return out;
    }

    @Override
    public List<CachedPost> getPosts(List<PostId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<byte[]> values;
        if (!cluster) {
            byte[][] all = new byte[ids.size() * 2][];
            for (int i = 0; i < ids.size(); i++) {
                PostId id = ids.get(i);
                all[2 * i] = keys.post(id, Keys.DETAILS);
                all[2 * i + 1] = keys.post(id, Keys.COUNTERS);
            }
            values = call("MGET", () -> jedis().mget(all));
        } else {
            // MGET of one post's keys is valid on a cluster (one hash tag); pipelined per node.
            values = pipelined("MGET", (p, s) -> {
                List<Response<List<byte[]>>> r = new ArrayList<>(ids.size());
                for (PostId id : ids) {
                    r.add(p.mget(keys.post(id, Keys.DETAILS), keys.post(id, Keys.COUNTERS)));
                }
                return () -> {
                    List<byte[]> out = new ArrayList<>(ids.size() * 2);
                    r.forEach(x -> out.addAll(x.get()));
                    return out;
                };
            });
        }
        List<CachedPost> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.add(cachedPost(ids.get(i), values.get(2 * i), values.get(2 * i + 1)));
        }
        return out;
    }

    private static boolean isLease(byte[] c) {
        return c != null && c.length >= 2 && c[0] == 'L' && c[1] == ':';
    }

    private static byte[] leaseMarker(String token) {
        return b(LEASE_PREFIX + token);
    }

    /** {@code c} as read from the counters key: a fill lease there means no counters. */
    private static CachedPost cachedPost(PostId id, byte[] d, byte[] c) {
        if (isLease(c)) {
            c = null;
        }
        if (d == null) {
            return new CachedPost(id, CachedPost.State.MISS, null);
        }
        if (PostCodec.isDeleted(d)) {
            return new CachedPost(id, CachedPost.State.DELETED, null);
        }
        Post details = PostCodec.decode(d);
        if (!details.id().equals(id)) {
            throw new StorageException("cache entry of post " + id + " holds post " + details.id());
        }
        return c == null
                ? new CachedPost(id, CachedPost.State.DETAILS_ONLY, details)
                : new CachedPost(id, CachedPost.State.HIT,
                        PostCodec.withCounters(details, new String(c, StandardCharsets.US_ASCII)));
    }

    /**
     * One round trip of plain commands per call (per node on a cluster), in order for each post:
     * {@code SET c lease NX PX ttl GET}, which returns the counters and takes the fill lease only
     * when they are missing, then {@code MGET d v}, the details and the version, read after the
     * lease and before the caller reads the database. A fill with that version is refused once a
     * write has invalidated the post, so the two commands need not be atomic.
     */
    @Override
    public List<Lookup> getPostsOrLease(List<PostId> ids, String token, Duration ttl) {
        if (ids.isEmpty()) {
            return List.of();
        }
        byte[] marker = leaseMarker(token);
        SetParams lease = SetParams.setParams().nx().px(ttl.toMillis());
        record Replies(byte[] counters, List<byte[]> detailsAndVersion) {
        }
        // The replies are read inside the pipeline's call: a command's own error (CLUSTERDOWN, a
        // timeout) surfaces there, as the cache being unavailable, like any other failed call.
        List<Replies> replies = pipelined("read or lease", (p, s) -> {
            List<Response<byte[]>> counters = new ArrayList<>(ids.size());
            List<Response<List<byte[]>>> detailsAndVersion = new ArrayList<>(ids.size());
            for (PostId id : ids) {
                counters.add(p.setGet(keys.post(id, Keys.COUNTERS), marker, lease));
                detailsAndVersion.add(p.mget(keys.post(id, Keys.DETAILS), keys.post(id, Keys.VERSION)));
            }
            return () -> {
                List<Replies> r = new ArrayList<>(ids.size());
                for (int i = 0; i < ids.size(); i++) {
                    r.add(new Replies(counters.get(i).get(), detailsAndVersion.get(i).get()));
                }
                return r;
            };
        });
        List<Lookup> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            byte[] c = replies.get(i).counters();
            List<byte[]> dv = replies.get(i).detailsAndVersion();
            byte[] d = dv.get(0);
            byte[] v = dv.get(1);
            CachedPost cached = cachedPost(ids.get(i), d, c);
            // Leased: this call set the lease (nothing was there) or holds it already. Counters
            // without details (they outlived them) leave nothing to wait for: the reader fills under
            // the version alone. A lease taken for a post deleted in the cache is dropped by the
            // delete's settling.
            boolean leased = c == null || java.util.Arrays.equals(c, marker) || d == null && !isLease(c);
            String version = leased && cached.state() != CachedPost.State.HIT
                    && cached.state() != CachedPost.State.DELETED
                    ? (v == null ? "0" : new String(v, StandardCharsets.US_ASCII)) : null;
            out.add(new Lookup(cached, version));
        }
        return out;
    }

    /**
     * The version is read after the lease is taken and before the caller reads the database. A post
     * whose counters are cached needs no lease to be filled: it is granted with its version.
     */
    @Override
    public Map<PostId, String> acquireLeases(Collection<PostId> ids, String token, Duration ttl) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<PostId> list = List.copyOf(new LinkedHashSet<>(ids));
        byte[] marker = leaseMarker(token);
        SetParams lease = SetParams.setParams().nx().px(ttl.toMillis());
        return pipelined("lease", (p, s) -> {
            List<Response<byte[]>> won = new ArrayList<>(list.size());
            List<Response<byte[]>> versions = new ArrayList<>(list.size());
            for (PostId id : list) {
                won.add(p.setGet(keys.post(id, Keys.COUNTERS), marker, lease));
                versions.add(p.get(keys.post(id, Keys.VERSION)));
            }
            return () -> {
                Map<PostId, String> out = new HashMap<>();
                for (int i = 0; i < list.size(); i++) {
                    byte[] c = won.get(i).get();
                    if (!isLease(c) || java.util.Arrays.equals(c, marker)) {
                        byte[] v = versions.get(i).get();
                        out.put(list.get(i), v == null ? "0" : new String(v, StandardCharsets.US_ASCII));
                    }
                }
                return out;
            };
        });
    }

    @Override
    public int fill(Collection<Fill> fills, Duration ttl) {
        if (fills.isEmpty()) {
            return 0;
        }
        byte[] ttlMillis = b(ttl.toMillis());
        if (!cluster && fills.size() > 1) {
            // One script call per chunk of posts instead of one per post (keys of many hash tags: one
            // server only); chunked so that one call does not hold the server for long.
            List<List<byte[]>> chunkKeys = new ArrayList<>();
            List<List<byte[]>> chunkArgs = new ArrayList<>();
            for (Fill f : fills) {
                if (chunkKeys.isEmpty() || chunkKeys.get(chunkKeys.size() - 1).size() >= FILL_CHUNK * 3) {
                    chunkKeys.add(new ArrayList<>());
                    chunkArgs.add(new ArrayList<>(List.of(ttlMillis)));
                }
                chunkKeys.get(chunkKeys.size() - 1).addAll(postKeys(f.post().id(), Keys.DETAILS, Keys.COUNTERS,
                        Keys.VERSION));
                List<byte[]> args = chunkArgs.get(chunkArgs.size() - 1);
                args.add(b(f.version()));
                args.add(f.leaseToken() == null ? EMPTY : leaseMarker(f.leaseToken()));
                args.add(PostCodec.encode(f.post()));
                args.add(b(PostCodec.counters(f.post())));
            }
            return pipelined("fill", (p, s) -> {
                List<Response<Object>> r = new ArrayList<>(chunkKeys.size());
                for (int i = 0; i < chunkKeys.size(); i++) {
                    r.add(queue(Scripts.FILL_MANY, p, s, chunkKeys.get(i), chunkArgs.get(i)));
                }
                return () -> (int) r.stream().mapToLong(x -> (Long) x.get()).sum();
            });
        }
        return pipelined("fill", (p, s) -> {
            List<Response<Object>> r = new ArrayList<>(fills.size());
            for (Fill f : fills) {
                PostId id = f.post().id();
                r.add(queue(Scripts.FILL, p, s,
                        postKeys(id, Keys.DETAILS, Keys.COUNTERS, Keys.VERSION),
                        List.of(b(f.version()), f.leaseToken() == null ? EMPTY : leaseMarker(f.leaseToken()),
                                PostCodec.encode(f.post()), b(PostCodec.counters(f.post())), ttlMillis)));
            }
            return () -> (int) r.stream().mapToLong(x -> (Long) x.get()).sum();
        });
    }

    @Override
    public void releaseLeases(Collection<PostId> ids, String token) {
        if (ids.isEmpty()) {
            return;
        }
        byte[] marker = leaseMarker(token);
        pipelined("release lease", (p, s) -> {
            List<Response<Object>> r = new ArrayList<>(ids.size());
            for (PostId id : ids) {
                r.add(queue(Scripts.RELEASE, p, s, List.of(keys.post(id, Keys.COUNTERS)), List.of(marker)));
            }
            // Resolving the responses is what surfaces errors (NOSCRIPT included).
            return () -> {
                r.forEach(Response::get);
                return null;
            };
        });
    }

    @Override
    public String invalidate(PostId id) {
        return call("invalidate", () -> String.valueOf(Scripts.INVALIDATE.run(jedis(),
                postKeys(id, Keys.DETAILS, Keys.COUNTERS, Keys.VERSION),
                List.of(b(VERSION_TTL.toMillis())))));
    }

    @Override
    public String invalidateCounters(PostId id) {
        return call("invalidate counters", () -> String.valueOf(Scripts.INVALIDATE_COUNTERS.run(jedis(),
                postKeys(id, Keys.COUNTERS, Keys.VERSION), List.of(b(VERSION_TTL.toMillis())))));
    }

    @Override
    public void invalidateCountersOf(Collection<PostId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        pipelined("invalidate counters", (p, withSource) -> {
            List<Response<Object>> replies = new ArrayList<>(ids.size());
            for (PostId id : ids) {
                replies.add(queue(Scripts.INVALIDATE_COUNTERS, p, withSource, postKeys(id, Keys.COUNTERS, Keys.VERSION),
                        List.of(b(VERSION_TTL.toMillis()))));
            }
            return () -> {
                replies.forEach(Response::get);
                return null;
            };
        });
    }

    @Override
    public void putPending(Post post) {
        call("write-back put", () -> Scripts.PUT_PENDING.run(jedis(),
                postKeys(post.id(), Keys.DETAILS, Keys.COUNTERS, Keys.VERSION), putPendingArgs(post)));
    }

    private List<byte[]> putPendingArgs(Post post) {
        return List.of(PostCodec.encode(post), b(PostCodec.counters(post)), b(VERSION_TTL.toMillis()),
                b(VERSION_TTL.toMillis()));
    }

    /** The cell's keys and the GEO_ADD arguments for a post indexed at {@code at}; null when no cell serves it. */
    private Map.Entry<List<byte[]>, List<byte[]>> geoAddCall(PostId id, GeoPoint at) {
        if (at == null || !GeoGrid.indexable(at.latitude())) {
            return null;
        }
        GeoCell cell = GeoGrid.cellOf(at.latitude(), at.longitude());
        return Map.entry(cellKeys(cell, "pts", "v"), List.of(b(Double.toString(at.longitude())),
                b(Double.toString(at.latitude())), b(GeoGrid.member(id, at))));
    }

    /**
     * One pipeline: the pinned details, the geo entry and the stream entry. The entry carries the
     * post, so on a cluster, where the three may be applied in any order, the flusher never needs
     * the details first. A node that no longer knows the scripts (restarted, flushed) refuses them
     * while the stream entry goes in: then only the scripts are run again, never the append.
     */
    @Override
    public String putPendingAndAppend(Post post, GeoPoint indexedAt, Map<String, String> entry) {
        List<byte[]> putKeys = postKeys(post.id(), Keys.DETAILS, Keys.COUNTERS, Keys.VERSION);
        List<byte[]> putArgs = putPendingArgs(post);
        Map.Entry<List<byte[]>, List<byte[]>> geo = geoAddCall(post.id(), indexedAt);
        String id = call("write-back create", () -> {
            Response<Object> put;
            Response<Object> added = null;
            Response<redis.clients.jedis.StreamEntryID> appended;
            try (AbstractPipeline p = jedis().pipelined()) {
                put = Scripts.PUT_PENDING.queue(p, putKeys, putArgs);
                if (geo != null) {
                    added = Scripts.GEO_ADD.queue(p, geo.getKey(), geo.getValue());
                }
                appended = queue.queueAppend(p, entry);
                p.sync();
            }
            String entryId = appended.get().toString(); // throws when the entry was not recorded
            try {
                rerunIfUnknown(put, Scripts.PUT_PENDING, putKeys, putArgs);
                if (added != null) {
                    rerunIfUnknown(added, Scripts.GEO_ADD, geo.getKey(), geo.getValue());
                }
            } catch (JedisException showFailed) {
                LOG.warn("cache {}: write-back post {} is recorded but not shown until flushed: {}", description,
                        post.id(), showFailed.getMessage());
                try {
                    invalidate(post.id());
                } catch (StorageException ignored) {
                    // The cache is failing: reads fall through to the database, which has the post once flushed.
                }
            }
            return entryId;
        });
        queue.awaitReplicas(id);
        return id;
    }

    private void rerunIfUnknown(Response<Object> response, Script script, List<byte[]> keys, List<byte[]> args) {
        try {
            response.get();
        } catch (JedisException e) {
            if (!Script.isNoScript(e)) {
                throw e;
            }
            script.run(jedis(), keys, args);
        }
    }

    @Override
    public void settleCreated(List<Post> posts, List<GeoPoint> indexedAt, Duration ttl) {
        if (posts.size() != indexedAt.size()) {
            throw new IllegalArgumentException(posts.size() + " posts but " + indexedAt.size() + " locations");
        }
        if (posts.isEmpty()) {
            return;
        }
        pipelined("settle", (p, withSource) -> {
            List<Response<Object>> replies = new ArrayList<>();
            for (int i = 0; i < posts.size(); i++) {
                Post post = posts.get(i);
                replies.add(queue(Scripts.SETTLE, p, withSource, postKeys(post.id(), Keys.DETAILS, Keys.VERSION,
                        Keys.COUNTERS), List.of(PostCodec.encode(post), b(ttl.toMillis()), b(VERSION_TTL.toMillis()),
                        PostCodec.DELETED, LEASE_PREFIX_BYTES)));
                Map.Entry<List<byte[]>, List<byte[]>> geo = geoAddCall(post.id(), indexedAt.get(i));
                if (geo != null) {
                    replies.add(queue(Scripts.GEO_ADD, p, withSource, geo.getKey(), geo.getValue()));
                }
            }
            return () -> {
                replies.forEach(Response::get);
                return null;
            };
        });
    }

    @Override
    public boolean replacePending(Post expected, Post replacement) {
        if (expected != null && !expected.id().equals(replacement.id())) {
            throw new InvalidInputException("replacement is another post");
        }
        return call("write-back replace", () -> (Long) Scripts.REPLACE_PENDING.run(jedis(),
                postKeys(replacement.id(), Keys.DETAILS, Keys.VERSION, Keys.COUNTERS),
                List.of(expected == null ? EMPTY : PostCodec.encode(expected), PostCodec.encode(replacement),
                        b(VERSION_TTL.toMillis()), LEASE_PREFIX_BYTES)) == 1);
    }

    @Override
    public PostId claimPicture(UUID authorId, String sha256, PostId postId, PostId replacing, Duration ttl) {
        Object holder = call("picture claim", () -> Scripts.CLAIM.run(jedis(), List.of(b(keys.picture(authorId, sha256))),
                List.of(b(postId.toString()), b(ttl.toMillis()), b(replacing == null ? "" : replacing.toString()))));
        return PostId.parse(new String((byte[]) holder, StandardCharsets.UTF_8));
    }

    @Override
    public void releasePicture(UUID authorId, String sha256, PostId postId) {
        call("picture release", () -> Scripts.RELEASE.run(jedis(), List.of(b(keys.picture(authorId, sha256))),
                List.of(b(postId.toString()))));
    }

    @Override
    public void putPendingDelete(PostId id) {
        call("write-back delete", () -> Scripts.PUT_PENDING.run(jedis(),
                postKeys(id, Keys.DETAILS, Keys.COUNTERS, Keys.VERSION),
                List.of(PostCodec.DELETED, EMPTY, b(1), b(VERSION_TTL.toMillis()))));
    }

    @Override
    public Optional<Post> pendingDetails(PostId id) {
        return call("read pending", () -> {
            Object r = Scripts.PENDING.run(jedis(), postKeys(id, Keys.DETAILS), List.of());
            if (!(r instanceof byte[] bytes) || PostCodec.isDeleted(bytes)) {
                return Optional.<Post>empty();
            }
            return Optional.of(PostCodec.decode(bytes));
        });
    }

    @Override
    public void settle(PostId id, Optional<Post> applied, Duration ttl) {
        byte[] expected = applied.map(PostCodec::encode).orElse(PostCodec.DELETED);
        call("settle", () -> Scripts.SETTLE.run(jedis(), postKeys(id, Keys.DETAILS, Keys.VERSION, Keys.COUNTERS),
                List.of(expected, b(ttl.toMillis()), b(VERSION_TTL.toMillis()), PostCodec.DELETED, LEASE_PREFIX_BYTES)));
    }

    // ---- geo index

    @Override
    public Optional<List<GeoCell>> cellsCovering(GeoPoint center, double radiusMeters) {
        SphericalGeometry.requireRadius(radiusMeters);
        return GeoGrid.covering(center, radiusMeters);
    }

    private List<byte[]> cellKeys(GeoCell cell, String... parts) {
        List<byte[]> out = new ArrayList<>(parts.length);
        for (String part : parts) {
            out.add(b(keys.cell(cell.id(), part)));
        }
        return out;
    }

    @Override
    public void geoAdd(PostId id, GeoPoint location) {
        Map.Entry<List<byte[]>, List<byte[]>> geo = geoAddCall(id, location);
        if (geo != null) { // else a cell that never serves searches
            call("GEOADD", () -> Scripts.GEO_ADD.run(jedis(), geo.getKey(), geo.getValue()));
        }
    }

    @Override
    public void geoRemove(PostId id, GeoPoint location) {
        if (!GeoGrid.indexable(location.latitude())) {
            return;
        }
        GeoCell cell = GeoGrid.cellOf(location.latitude(), location.longitude());
        call("geo remove", () -> Scripts.GEO_REMOVE.run(jedis(), cellKeys(cell, "pts", "v"),
                List.of(b(GeoGrid.member(id, location)))));
    }

    @Override
    public void invalidateCell(GeoPoint location) {
        GeoCell cell = GeoGrid.cellOf(location.latitude(), location.longitude());
        call("cell invalidate", () -> Scripts.CELL_INVALIDATE.run(jedis(), cellKeys(cell, "ok", "v"), List.of()));
    }

    @Override
    public String beginWarm(GeoCell cell) {
        return call("begin warm", () -> {
            Object v = Scripts.BEGIN_WARM.run(jedis(), cellKeys(cell, "tmp", "v"), List.of());
            return v instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : String.valueOf(v);
        });
    }

    @Override
    public void warmAdd(GeoCell cell, Map<PostId, GeoPoint> posts) {
        Map<String, GeoCoordinate> members = new HashMap<>();
        posts.forEach((id, p) -> {
            if (!cell.contains(p.latitude(), p.longitude())) {
                throw new InvalidInputException("post " + id + " at " + p + " is not in cell " + cell.id());
            }
            members.put(GeoGrid.member(id, p), new GeoCoordinate(p.longitude(), p.latitude()));
        });
        if (!members.isEmpty()) {
            String tmp = keys.cell(cell.id(), "tmp");
            call("warm GEOADD", () -> jedis().geoadd(tmp, members));
        }
    }

    @Override
    public boolean commitWarm(GeoCell cell, String token) {
        return call("commit warm", () -> (Long) Scripts.COMMIT_WARM.run(jedis(),
                cellKeys(cell, "tmp", "pts", "ok", "v"), List.of(b(token))) == 1);
    }

    @Override
    public Optional<List<NearbyCandidate>> nearby(GeoPoint center, double radiusMeters, int limit, Double afterChord,
            PostId afterId) {
        SphericalGeometry.requireRadius(radiusMeters);
        if (limit <= 0) {
            return Optional.of(List.of());
        }
        double[] c = SphericalGeometry.unitVector(center);
        double maxChord = SphericalGeometry.metersToChord(radiusMeters);
        String area = GeoGrid.densityArea(center);
        // Searching a radius expected to hold a bit more than the limit keeps GEOSEARCH cheap (it
        // costs per point scanned) while rarely needing a second, wider round.
        double want = 1.6 * limit + 4;
        Double known = density.get(area);
        if (known == null) {
            known = density.get(GeoGrid.cellOf(center.latitude(), center.longitude()).id());
        }
        double rho = known == null || known <= 0 ? radiusMeters : Math.sqrt(want / (Math.PI * known));
        rho = Math.max(rho, 20);
        if (afterChord != null) {
            rho += SphericalGeometry.chordToMeters(afterChord);
        }
        while (true) {
            double r = Math.min(rho, radiusMeters);
            double searchRadius = r * 1.001 + 2; // Redis's geohash and its own earth radius: search a little wider
            Optional<List<GeoCell>> cells = GeoGrid.covering(center, searchRadius);
            if (cells.isEmpty()) {
                return Optional.empty();
            }
            List<String> members = searchCells(cells.get(), center, searchRadius);
            if (members == null) {
                return Optional.empty();
            }
            double rChord = Math.min(maxChord, SphericalGeometry.metersToChord(r));
            List<NearbyCandidate> kept = new ArrayList<>();
            int within = 0;
            for (String m : members) {
                GeoGrid.Member member = GeoGrid.parseMember(m);
                double chord = SphericalGeometry.chord(c,
                        SphericalGeometry.unitVector(member.latitude(), member.longitude()));
                if (chord > rChord) {
                    continue;
                }
                within++;
                if (afterChord != null && (chord < afterChord || chord == afterChord
                        && member.id().compareTo(afterId) <= 0)) {
                    continue;
                }
                kept.add(new NearbyCandidate(member.id(), chord, SphericalGeometry.chordToMeters(chord)));
            }
            if (afterChord == null && within >= 8) {
                // The local density, for the first radius of the next search around here.
                if (density.size() > MAX_DENSITY_AREAS) {
                    density.clear(); // a rough guide only: relearnt by the next searches
                }
                density.put(area, within / (Math.PI * r * r));
            }
            if (kept.size() >= limit || r >= radiusMeters) {
                kept.sort((x, y) -> x.chord() != y.chord() ? Double.compare(x.chord(), y.chord())
                        : x.id().compareTo(y.id()));
                return Optional.of(kept.size() > limit ? List.copyOf(kept.subList(0, limit)) : List.copyOf(kept));
            }
            // Widen so that the expected count covers the limit, at least by half.
            double grow = kept.isEmpty() ? 4 : 1.2 * Math.sqrt(want / kept.size());
            rho = r * Math.max(1.5, Math.min(8, grow));
        }
    }

    /**
     * One round trip (one per node on a cluster); null when a cell is not complete. Plain pipelined
     * commands (the completeness check, the search and, for a cell never seen, its size) cost Redis
     * less time than a script doing the same; the check and the search see the same state unless a
     * write invalidates the cell between them, which is no different from the search coming first.
     */
    private List<String> searchCells(List<GeoCell> cells, GeoPoint center, double radius) {
        GeoSearchParam param = GeoSearchParam.geoSearchParam().fromLonLat(center.longitude(), center.latitude())
                .byRadius(radius, GeoUnit.M);
        record Replies(boolean complete, List<GeoRadiusResponse> found, Long size) {
        }
        // The replies are read inside the pipeline's call, where a command's own error counts as the
        // cache being unavailable.
        List<Replies> replies = pipelined("geo search", (p, s) -> {
            List<Response<Boolean>> complete = new ArrayList<>(cells.size());
            List<Response<List<GeoRadiusResponse>>> found = new ArrayList<>(cells.size());
            List<Response<Long>> sizes = new ArrayList<>(cells.size());
            for (GeoCell cell : cells) {
                String pts = keys.cell(cell.id(), "pts");
                complete.add(p.exists(keys.cell(cell.id(), "ok")));
                found.add(p.geosearch(pts, param));
                sizes.add(density.containsKey(cell.id()) ? null : p.zcard(pts));
            }
            return () -> {
                List<Replies> r = new ArrayList<>(cells.size());
                for (int i = 0; i < cells.size(); i++) {
                    r.add(new Replies(complete.get(i).get(), found.get(i).get(),
                            sizes.get(i) == null ? null : sizes.get(i).get()));
                }
                return r;
            };
        });
        List<String> members = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Replies r = replies.get(i);
            if (!r.complete()) {
                return null;
            }
            if (r.size() != null) {
                density.put(cells.get(i).id(), r.size() / GeoGrid.areaSquareMeters(cells.get(i)));
            }
            for (GeoRadiusResponse m : r.found()) {
                members.add(m.getMemberByString());
            }
        }
        return members;
    }

    // ---- write-back

    @Override
    public WriteBackQueue writeBackQueue() {
        return queue;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }
}
