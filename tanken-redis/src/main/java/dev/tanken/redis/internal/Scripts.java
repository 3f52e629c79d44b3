package dev.tanken.redis.internal;

/**
 * The Lua scripts of the cache. Each one is atomic on the server, which is what makes versions,
 * leases and compare-and-set sound; on a cluster each call touches keys of one hash tag only (see
 * {@link Keys}).
 */
public final class Scripts {
    private Scripts() {
    }

    /**
     * KEYS d c v; ARGV version leaseMarker details counters ttlMillis. Stores only if the version is
     * unchanged; never replaces details (they may be a pending write-back change). The counters key
     * holds the fill lease while the counters are missing: a stored fill replaces it, a refused one
     * releases it if it is this filler's.
     */
    public static final Script FILL = new Script("""
            if (redis.call('GET', KEYS[3]) or '0') == ARGV[1] then
              if ARGV[3] ~= '' then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[5], 'NX') end
              redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5])
              return 1
            end
            if ARGV[2] ~= '' and redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
            return 0""");

    /**
     * {@link #FILL} for many posts in one call (one server only: the keys span hash tags). KEYS d c v
     * of each post in turn; ARGV ttlMillis, then version leaseMarker details counters of each post.
     * Returns how many were stored. One script call instead of one per post: the call itself is
     * most of what a fill costs the server.
     */
    public static final Script FILL_MANY = new Script("""
            local stored = 0
            for i = 0, #KEYS / 3 - 1 do
              local d, c, v = KEYS[3 * i + 1], KEYS[3 * i + 2], KEYS[3 * i + 3]
              local version, marker = ARGV[4 * i + 2], ARGV[4 * i + 3]
              local details, counters = ARGV[4 * i + 4], ARGV[4 * i + 5]
              if (redis.call('GET', v) or '0') == version then
                if details ~= '' then redis.call('SET', d, details, 'PX', ARGV[1], 'NX') end
                redis.call('SET', c, counters, 'PX', ARGV[1])
                stored = stored + 1
              elseif marker ~= '' and redis.call('GET', c) == marker then
                redis.call('DEL', c)
              end
            end
            return stored""");

    /** KEYS k; ARGV token: deletes the key if it holds the token (a fill lease, a picture claim). */
    public static final Script RELEASE = new Script("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""");

    /** KEYS k; ARGV postId ttlMillis replaceable ('' = none). Returns the holder after the call. */
    public static final Script CLAIM = new Script("""
            local cur = redis.call('GET', KEYS[1])
            if cur == false or cur == ARGV[1] or cur == ARGV[3] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return ARGV[1]
            end
            return cur""");

    /** KEYS d c v; ARGV versionTtlMillis. Returns the new version (a fill lease in c goes too). */
    public static final Script INVALIDATE = new Script("""
            local v = redis.call('INCR', KEYS[3])
            redis.call('PEXPIRE', KEYS[3], ARGV[1])
            redis.call('DEL', KEYS[1], KEYS[2])
            return v""");

    /** KEYS c v; ARGV versionTtlMillis. */
    public static final Script INVALIDATE_COUNTERS = new Script("""
            local v = redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            redis.call('DEL', KEYS[1])
            return v""");

    /** KEYS d c v; ARGV details counters ttlMillis versionTtlMillis. Details are pinned (no TTL). */
    public static final Script PUT_PENDING = new Script("""
            redis.call('INCR', KEYS[3])
            redis.call('PEXPIRE', KEYS[3], ARGV[4])
            redis.call('SET', KEYS[1], ARGV[1])
            if ARGV[2] == '' then redis.call('DEL', KEYS[2])
            else redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
            return 1""");

    /**
     * KEYS d v c; ARGV expected ('' = absent) replacement versionTtlMillis leasePrefix. A fill lease
     * taken while the post read as deleted goes: nobody fills a deleted post.
     */
    public static final Script REPLACE_PENDING = new Script("""
            local cur = redis.call('GET', KEYS[1])
            if (cur == false and ARGV[1] == '') or cur == ARGV[1] then
              redis.call('INCR', KEYS[2])
              redis.call('PEXPIRE', KEYS[2], ARGV[3])
              redis.call('SET', KEYS[1], ARGV[2])
              local c = redis.call('GET', KEYS[3])
              if c and string.sub(c, 1, #ARGV[4]) == ARGV[4] then redis.call('DEL', KEYS[3]) end
              return 1
            end
            return 0""");

    /**
     * KEYS d v c; ARGV expected ttlMillis versionTtlMillis deleted-marker leasePrefix. Returns 1 if
     * settled. A settled delete also drops a fill lease taken while the post read as deleted.
     */
    public static final Script SETTLE = new Script("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            if ARGV[1] == ARGV[4] then
              redis.call('DEL', KEYS[1])
              redis.call('INCR', KEYS[2])
              redis.call('PEXPIRE', KEYS[2], ARGV[3])
              local c = redis.call('GET', KEYS[3])
              if c and string.sub(c, 1, #ARGV[5]) == ARGV[5] then redis.call('DEL', KEYS[3]) end
            elseif redis.call('PTTL', KEYS[1]) == -1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 1""");

    /** KEYS d; returns the details only while pinned (a pending write-back change). */
    public static final Script PENDING = new Script("""
            if redis.call('PTTL', KEYS[1]) == -1 then return redis.call('GET', KEYS[1]) end
            return false""");

    /** KEYS pts v; ARGV lon lat member. */
    public static final Script GEO_ADD = new Script("""
            redis.call('GEOADD', KEYS[1], ARGV[1], ARGV[2], ARGV[3])
            return redis.call('INCR', KEYS[2])""");

    /** KEYS pts v; ARGV member. */
    public static final Script GEO_REMOVE = new Script("""
            redis.call('ZREM', KEYS[1], ARGV[1])
            return redis.call('INCR', KEYS[2])""");

    /** KEYS ok v. */
    public static final Script CELL_INVALIDATE = new Script("""
            redis.call('DEL', KEYS[1])
            return redis.call('INCR', KEYS[2])""");

    /** KEYS tmp v; returns the cell's version. */
    public static final Script BEGIN_WARM = new Script("""
            redis.call('DEL', KEYS[1])
            return redis.call('GET', KEYS[2]) or '0'""");

    /** KEYS tmp pts ok v; ARGV version. */
    public static final Script COMMIT_WARM = new Script("""
            if (redis.call('GET', KEYS[4]) or '0') ~= ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 0
            end
            if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RENAME', KEYS[1], KEYS[2])
            else redis.call('DEL', KEYS[2]) end
            redis.call('SET', KEYS[3], '1')
            return 1""");

    /** KEYS lock; ARGV owner ttlMillis. Takes or renews the lock. */
    public static final Script LOCK = new Script("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
            return 0""");

    /** KEYS stream; ARGV group id... Acknowledges and deletes applied entries in one step. */
    public static final Script ACK = new Script("""
            for i = 2, #ARGV do
              redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
              redis.call('XDEL', KEYS[1], ARGV[i])
            end
            return #ARGV - 1""");

    /**
     * KEYS stream dead; ARGV group id field value .... Moves an entry to the dead-letter stream once:
     * only a delivery still pending is moved, so a redelivery after a crash does not add it twice.
     */
    public static final Script DEAD_LETTER = new Script("""
            if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
            redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
            redis.call('XDEL', KEYS[1], ARGV[2])
            return 1""");

    /** KEYS dead; ARGV id .... Deletes dead letters, returns how many existed. */
    public static final Script DROP = new Script("""
            local n = 0
            for i = 1, #ARGV do n = n + redis.call('XDEL', KEYS[1], ARGV[i]) end
            return n""");
}
