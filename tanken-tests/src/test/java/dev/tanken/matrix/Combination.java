package dev.tanken.matrix;

import dev.tanken.consistency.WritePolicy;
import dev.tanken.testing.TestCache;
import dev.tanken.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One cell of the backend matrix: a database, and optionally a cache tier on a cache server with a
 * write policy. {@link #all()} is every database with no cache and with each policy on the Redis
 * server, plus write-through on the Redis Cluster (on PostgreSQL, the production pairing).
 */
public record Combination(TestDatabase.Kind database, TestCache.Kind cache, WritePolicy policy) {
    public static List<Combination> all() {
        List<Combination> all = new ArrayList<>();
        for (TestDatabase.Kind db : TestDatabase.Kind.values()) {
            all.add(new Combination(db, null, null));
            for (WritePolicy policy : List.of(WritePolicy.WRITE_THROUGH, WritePolicy.WRITE_AROUND,
                    WritePolicy.WRITE_BACK)) {
                all.add(new Combination(db, TestCache.Kind.REDIS, policy));
            }
        }
        all.add(new Combination(TestDatabase.Kind.POSTGRES, TestCache.Kind.REDIS_CLUSTER, WritePolicy.WRITE_THROUGH));
        return List.copyOf(all);
    }

    public static List<Combination> onSqlite() {
        return all().stream().filter(c -> c.database == TestDatabase.Kind.SQLITE).toList();
    }

    public static List<Combination> onPostgres() {
        return all().stream().filter(c -> c.database == TestDatabase.Kind.POSTGRES).toList();
    }

    public boolean cached() {
        return cache != null;
    }

    @Override
    public String toString() {
        String db = database.name().toLowerCase(Locale.ROOT);
        if (cache == null) {
            return db + ", no cache";
        }
        String server = cache == TestCache.Kind.REDIS ? "redis" : "redis cluster";
        String how = policy == WritePolicy.WRITE_BACK ? "write-back then flush"
                : policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return db + ", " + server + " " + how;
    }
}
