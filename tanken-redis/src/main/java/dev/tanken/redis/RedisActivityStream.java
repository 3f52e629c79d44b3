package dev.tanken.redis;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityStream;
import dev.tanken.activity.internal.Micros;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import dev.tanken.redis.internal.RedisHealth;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * Activity entries on a Redis Stream, read by the consumer group {@value #GROUP}. One stream entry
 * per activity entry, its fields holding the entry's values; the activity entry's id travels with
 * it, which is what makes redelivery harmless.
 *
 * <p>Producers call {@link #publish}; {@link ActivityWorker}s use the consumer operations.
 * Thread-safe (the Redis client pools its connections).
 */
public final class RedisActivityStream implements ActivityStream {
    public static final String DEFAULT_KEY = "tanken:activity";
    /** The stream other applications XADD their entries to (docs/activity.md, "The Redis stream"). */
    public static final String DEFAULT_INGEST_KEY = "tanken:ingest";
    public static final String GROUP = "activity-writers";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:{}-]{1,128}");

    private final Supplier<UnifiedJedis> client;
    private final boolean owned;
    private final String key;
    private final String deadKey;
    private final String description;
    private volatile boolean groupReady;
    private final RedisHealth health;
    /** False for a stream of other applications' entries: their fields are the envelope's, checked by the ingest path. */
    private final boolean tankenEntries;

    private RedisActivityStream(Supplier<UnifiedJedis> client, boolean owned, String key, String description,
            RedisHealth health) {
        this(client, owned, key, description, health, true);
    }

    private RedisActivityStream(Supplier<UnifiedJedis> client, boolean owned, String key, String description,
            RedisHealth health, boolean tankenEntries) {
        this.tankenEntries = tankenEntries;
        this.health = health;
        this.client = client;
        this.owned = owned;
        this.key = requireKey(key);
        this.deadKey = key + ":dead";
        this.description = description;
    }

    /**
     * Connects to {@code redis://[user:password@]host[:port][/database]} (or {@code rediss://}) and
     * uses the stream {@code key}.
     *
     * @throws InvalidInputException if the URL or key is malformed
     */
    public static RedisActivityStream open(String url, String key) {
        URI uri = parseUrl(url);
        requireKey(key);
        UnifiedJedis client;
        try {
            client = RedisClient.create(uri);
        } catch (JedisException | IllegalArgumentException e) {
            throw new StorageException("Redis " + describe(uri) + ": cannot connect: " + e.getMessage(), e);
        }
        UnifiedJedis made = client;
        return new RedisActivityStream(() -> made, true, key, describe(uri), null);
    }

    /**
     * Connects to the stream other applications write their entries to: each stream entry's fields
     * are an envelope's (docs/activity.md), handed as they are to an {@link IngestWorker}, which
     * sends them through the ingest path's checks. {@link Delivery#entry()} is always null here.
     */
    public static RedisActivityStream openForIngest(String url, String key) {
        URI uri = parseUrl(url);
        requireKey(key);
        UnifiedJedis client;
        try {
            client = RedisClient.create(uri);
        } catch (JedisException | IllegalArgumentException e) {
            throw new StorageException("Redis " + describe(uri) + ": cannot connect: " + e.getMessage(), e);
        }
        UnifiedJedis made = client;
        return new RedisActivityStream(() -> made, true, key, describe(uri), null, false);
    }

    /** {@link #openForIngest} on a client the caller owns: {@link #close()} leaves it open. */
    public static RedisActivityStream usingForIngest(UnifiedJedis jedis, String key) {
        if (jedis == null) {
            throw new InvalidInputException("Redis client must not be null");
        }
        return new RedisActivityStream(() -> jedis, false, key, "client " + jedis, null, false);
    }

    /** Uses a client the caller owns: {@link #close()} leaves it open. */
    public static RedisActivityStream using(UnifiedJedis jedis, String key) {
        if (jedis == null) {
            throw new InvalidInputException("Redis client must not be null");
        }
        return new RedisActivityStream(() -> jedis, false, key, "client " + jedis, null);
    }

    /**
     * {@link #using(UnifiedJedis, String)} on a cache's client (made by the first call, for a cluster),
     * sharing the cache's view of whether its server is reachable.
     */
    static RedisActivityStream using(Supplier<UnifiedJedis> client, String key, String description,
            RedisHealth health) {
        return new RedisActivityStream(client, false, key, description, health);
    }

    /** The client; only inside {@link #call}. */
    private UnifiedJedis jedis() {
        return client.get();
    }

    public String key() {
        return key;
    }

    /** Where entries that cannot be read back are moved, with the reason. */
    public String deadLetterKey() {
        return deadKey;
    }

    @Override
    public void publish(ActivityEntry entry) {
        if (entry == null) {
            throw new InvalidInputException("activity entry must not be null");
        }
        Map<String, String> fields = encode(entry);
        call("publish entry " + entry.id(), () -> jedis().xadd(key, StreamEntryID.NEW_ENTRY, fields));
    }

    // ---- consumer side

    /** A stream entry as read: its stream id and, unless it could not be decoded, its activity entry. */
    public record Delivery(StreamEntryID streamId, ActivityEntry entry, String problem, Map<String, String> fields) {
    }

    /** Creates the consumer group at the start of the stream if it does not exist yet. */
    public void ensureGroup() {
        if (groupReady) {
            return;
        }
        call("create consumer group", () -> {
            try {
                // From id 0: entries published before the first worker started are not skipped.
                jedis().xgroupCreate(key, GROUP, new StreamEntryID(0, 0), true);
            } catch (JedisDataException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
            return null;
        });
        groupReady = true;
    }

    /** Entries delivered to this consumer earlier but not acknowledged (after a crash, say). */
    public List<Delivery> readPending(String consumer, int count) {
        return readGroup(consumer, count, 0, new StreamEntryID(0, 0));
    }

    /** New entries, waiting up to {@code blockMillis} (0: do not wait) for some to arrive. */
    public List<Delivery> readNew(String consumer, int count, long blockMillis) {
        return readGroup(consumer, count, blockMillis, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
    }

    private List<Delivery> readGroup(String consumer, int count, long blockMillis, StreamEntryID from) {
        ensureGroup();
        return call("read", () -> {
            XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
            if (blockMillis > 0) {
                params.block((int) Math.min(Integer.MAX_VALUE, blockMillis));
            }
            List<Map.Entry<String, List<StreamEntry>>> r = jedis().xreadGroup(GROUP, consumer, params, Map.of(key, from));
            List<Delivery> out = new ArrayList<>();
            if (r != null) {
                for (Map.Entry<String, List<StreamEntry>> stream : r) {
                    for (StreamEntry e : stream.getValue()) {
                        out.add(tankenEntries ? decode(e) : raw(e));
                    }
                }
            }
            return out;
        });
    }

    /** Takes over entries that other consumers received but left unacknowledged for {@code minIdleMillis}. */
    public List<Delivery> claimStale(String consumer, long minIdleMillis, int count) {
        ensureGroup();
        return call("claim stale entries", () -> {
            Map.Entry<StreamEntryID, List<StreamEntry>> r = jedis().xautoclaim(key, GROUP, consumer, minIdleMillis,
                    new StreamEntryID(0, 0), new XAutoClaimParams().count(count));
            List<Delivery> out = new ArrayList<>();
            for (StreamEntry e : r.getValue()) {
                // XAUTOCLAIM reports entries deleted meanwhile with no fields; nothing to write.
                out.add(e.getFields() == null ? new Delivery(e.getID(), null, "deleted", Map.of())
                        : tankenEntries ? decode(e) : raw(e));
            }
            return out;
        });
    }

    /** Acknowledges and deletes handled entries, so the stream does not grow without bound. */
    public void acknowledge(List<StreamEntryID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        StreamEntryID[] array = ids.toArray(StreamEntryID[]::new);
        call("acknowledge", () -> {
            jedis().xack(key, GROUP, array);
            jedis().xdel(key, array);
            return null;
        });
    }

    /** Copies an undecodable entry to the dead-letter stream with the reason. */
    public void deadLetter(Delivery d) {
        Map<String, String> fields = new LinkedHashMap<>(d.fields());
        fields.put("_problem", d.problem());
        fields.put("_streamId", d.streamId().toString());
        call("dead-letter", () -> jedis().xadd(deadKey, StreamEntryID.NEW_ENTRY, fields));
    }

    /** Entries delivered to some consumer and not yet acknowledged. */
    public long pendingCount() {
        ensureGroup();
        return call("count pending entries", () -> {
            StreamPendingSummary s = jedis().xpending(key, GROUP);
            return s == null ? 0L : s.getTotal();
        });
    }

    /** Entries in the stream (handled entries are deleted). */
    public long length() {
        return call("length", () -> jedis().xlen(key));
    }

    @Override
    public void close() {
        if (owned) {
            client.get().close();
        }
    }

    @Override
    public String toString() {
        return "RedisActivityStream[" + description + ", " + key + "]";
    }

    // ---- encoding

    static Map<String, String> encode(ActivityEntry e) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", e.id().toString());
        f.put("at", Long.toString(Micros.of(e.occurredAt())));
        f.put("actor", e.actor());
        f.put("action", e.action());
        f.put("stype", e.subjectType());
        f.put("sid", e.subjectId());
        f.put("payload", e.payloadJson());
        return f;
    }

    private static Delivery raw(StreamEntry e) {
        return new Delivery(e.getID(), null, null, e.getFields() == null ? Map.of() : e.getFields());
    }

    private static Delivery decode(StreamEntry e) {
        Map<String, String> f = e.getFields();
        try {
            ActivityEntry entry = new ActivityEntry(UUID.fromString(f.get("id")),
                    Micros.toInstant(Long.parseLong(f.get("at"))), f.get("actor"), f.get("action"), f.get("stype"),
                    f.get("sid"), ActivityEntry.parsePayload(f.get("payload")));
            return new Delivery(e.getID(), entry, null, f);
        } catch (RuntimeException bad) {
            String problem = bad.getMessage() == null ? bad.getClass().getSimpleName() : bad.getMessage();
            return new Delivery(e.getID(), null, problem, f == null ? Map.of() : f);
        }
    }

    private <T> T call(String what, Supplier<T> action) {
        if (health != null) {
            return health.call("activity stream " + key + ": " + what, action);
        }
        try {
            return action.get();
        } catch (JedisException e) {
            throw new StorageException("Redis " + description + ": activity stream " + key + ": " + what + " failed: "
                    + e.getMessage(), e);
        }
    }

    static URI parseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("Redis URL must not be empty (redis://host:port)");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("malformed Redis URL '" + url + "': " + e.getReason());
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new InvalidInputException("Redis URL must start with redis:// or rediss://, got '" + url + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidInputException("Redis URL has no host: '" + url + "'");
        }
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,2}")) {
            throw new InvalidInputException("Redis URL path must be a database number such as /0, got '" + path + "'");
        }
        return uri;
    }

    private static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getPath() == null ? "" : uri.getPath());
    }

    static String requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidInputException("stream key must be 1 to 128 letters, digits or . _ : { } -, got '" + key + "'");
        }
        return key;
    }
}
