package dev.tanken.redis.internal;

import dev.tanken.StorageException;
import dev.tanken.cache.WriteBackQueue;
import dev.tanken.cache.WriteBackUncertainException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The write-back queue as a Redis Stream with one consumer group. All its keys share the hash tag
 * {@code {wb}}, so on a cluster they live on one node and the ack script is atomic.
 */
public final class RedisWriteBackQueue implements WriteBackQueue {
    static final String GROUP = "flushers";

    private final Supplier<UnifiedJedis> client;
    private final String stream;
    private final String dead;
    private final String lock;
    private final int waitReplicas;
    private final long waitTimeoutMillis;
    private final String description;
    private final RedisHealth health;

    public RedisWriteBackQueue(Supplier<UnifiedJedis> client, Keys keys, int waitReplicas, long waitTimeoutMillis,
            String description, RedisHealth health) {
        this.health = health;
        this.client = client;
        this.stream = keys.writeBack("s");
        this.dead = keys.writeBack("dead");
        this.lock = keys.writeBack("lock");
        this.waitReplicas = waitReplicas;
        this.waitTimeoutMillis = waitTimeoutMillis;
        this.description = description;
    }

    /** The client (a cluster's is made by the first call); only inside {@link #call}. */
    private UnifiedJedis jedis() {
        return client.get();
    }

    private <T> T call(String what, Supplier<T> action) {
        return health.call("write-back " + what, action);
    }

    /** Creates the stream and its consumer group if they do not exist yet. */
    public void ensureGroup() {
        call("group creation", () -> {
            try {
                jedis().xgroupCreate(stream, GROUP, new StreamEntryID(0, 0), true);
            } catch (JedisDataException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public String append(Map<String, String> fields) {
        return call("append", () -> {
            StreamEntryID id;
            try {
                id = jedis().xadd(stream, StreamEntryID.NEW_ENTRY, fields);
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                    ensureGroup();
                    id = jedis().xadd(stream, StreamEntryID.NEW_ENTRY, fields);
                } else {
                    throw e;
                }
            }
            awaitReplicas(id.toString());
            return id.toString();
        });
    }

    /**
     * Queues an append on a pipeline, for a write whose other commands travel in the same round
     * trip; call {@link #awaitReplicas} with the id once the pipeline has run.
     */
    public Response<StreamEntryID> queueAppend(AbstractPipeline pipeline, Map<String, String> fields) {
        return pipeline.xadd(stream, StreamEntryID.NEW_ENTRY, fields);
    }

    /**
     * Waits until the configured number of replicas has the entry (nothing to do when none is
     * configured).
     *
     * @throws WriteBackUncertainException if they did not get it in time
     */
    public void awaitReplicas(String id) {
        if (waitReplicas > 0) {
            long acked = call("replication", () -> jedis().waitReplicas(stream, waitReplicas, waitTimeoutMillis));
            if (acked < waitReplicas) {
                throw new WriteBackUncertainException("cache " + description + ": write-back entry " + id
                        + " reached only " + acked + " of " + waitReplicas + " replicas within " + waitTimeoutMillis
                        + " ms; it is on the primary and may or may not be applied: retrying the same write is"
                        + " safe");
            }
        }
    }

    @Override
    public List<Entry> read(String consumer, int count, Duration block) {
        return call("read", () -> {
            List<Map.Entry<String, List<StreamEntry>>> r;
            XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
            if (!block.isZero()) {
                params.block((int) block.toMillis());
            }
            try {
                r = jedis().xreadGroup(GROUP, consumer, params,
                        Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            } catch (JedisDataException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("NOGROUP")) {
                    throw e;
                }
                // Not created yet (the cache is opened without asking Redis anything), deleted with
                // its namespace, or recreated (without a group) by an append: the new group starts
                // at the beginning, so entries appended meanwhile are read now.
                ensureGroup();
                r = jedis().xreadGroup(GROUP, consumer, params,
                        Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            }
            List<Entry> out = new ArrayList<>();
            if (r != null) {
                for (Map.Entry<String, List<StreamEntry>> e : r) {
                    for (StreamEntry se : e.getValue()) {
                        out.add(new Entry(se.getID().toString(), se.getFields()));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Entry> reclaim(String consumer, int count) {
        return call("reclaim", () -> {
            List<Entry> out = new ArrayList<>();
            StreamEntryID cursor = new StreamEntryID(0, 0);
            do {
                Map.Entry<StreamEntryID, List<StreamEntry>> r;
                try {
                    r = jedis().xautoclaim(stream, GROUP, consumer, 0, cursor,
                            XAutoClaimParams.xAutoClaimParams().count(count - out.size()));
                } catch (JedisDataException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                        // The namespace was deleted (tanken cache flush --drop): start over empty.
                        ensureGroup();
                        return out;
                    }
                    throw e;
                }
                for (StreamEntry se : r.getValue()) {
                    // Entries deleted from the stream while pending come back without fields.
                    if (se.getFields() != null) {
                        out.add(new Entry(se.getID().toString(), se.getFields()));
                    }
                }
                cursor = r.getKey();
            } while (out.size() < count && !(cursor.getTime() == 0 && cursor.getSequence() == 0));
            return out;
        });
    }

    @Override
    public void ack(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<byte[]> args = new ArrayList<>(ids.size() + 1);
        args.add(GROUP.getBytes(StandardCharsets.UTF_8));
        ids.forEach(id -> args.add(id.getBytes(StandardCharsets.US_ASCII)));
        call("ack", () -> Scripts.ACK.run(jedis(), List.of(stream.getBytes(StandardCharsets.UTF_8)), args));
    }

    @Override
    public void deadLetter(Entry entry, String reason) {
        List<byte[]> args = new ArrayList<>();
        args.add(GROUP.getBytes(StandardCharsets.UTF_8));
        args.add(entry.id().getBytes(StandardCharsets.US_ASCII));
        Map<String, String> fields = new LinkedHashMap<>(entry.fields());
        fields.put("entry", entry.id());
        fields.put("reason", reason == null ? "" : reason);
        fields.forEach((k, v) -> {
            args.add(k.getBytes(StandardCharsets.UTF_8));
            args.add(v.getBytes(StandardCharsets.UTF_8));
        });
        call("dead-letter", () -> Scripts.DEAD_LETTER.run(jedis(),
                List.of(stream.getBytes(StandardCharsets.UTF_8), dead.getBytes(StandardCharsets.UTF_8)), args));
    }

    @Override
    public long dropDeadLetters(List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return call("drop dead letters", () -> (Long) Scripts.DROP.run(jedis(),
                List.of(dead.getBytes(StandardCharsets.UTF_8)),
                ids.stream().map(id -> id.getBytes(StandardCharsets.US_ASCII)).toList()));
    }

    @Override
    public List<Entry> deadLetters(int count) {
        return call("dead letters", () -> jedis().xrange(dead, (StreamEntryID) null, (StreamEntryID) null, count)
                .stream().map(se -> new Entry(se.getID().toString(), se.getFields())).toList());
    }

    @Override
    public long length() {
        return call("XLEN", () -> jedis().xlen(stream));
    }

    @Override
    public Duration oldestAge() {
        return call("oldest entry", () -> {
            List<StreamEntry> first = jedis().xrange(stream, (StreamEntryID) null, (StreamEntryID) null, 1);
            if (first.isEmpty()) {
                return Duration.ZERO;
            }
            long age = System.currentTimeMillis() - first.get(0).getID().getTime();
            return Duration.ofMillis(Math.max(0, age));
        });
    }

    @Override
    public boolean lock(String owner, Duration ttl) {
        return call("lock", () -> (Long) Scripts.LOCK.run(jedis(), List.of(lock.getBytes(StandardCharsets.UTF_8)),
                List.of(owner.getBytes(StandardCharsets.UTF_8),
                        Long.toString(ttl.toMillis()).getBytes(StandardCharsets.US_ASCII))) == 1);
    }

    @Override
    public void unlock(String owner) {
        call("unlock", () -> Scripts.RELEASE.run(jedis(), List.of(lock.getBytes(StandardCharsets.UTF_8)),
                List.of(owner.getBytes(StandardCharsets.UTF_8))));
    }
}
