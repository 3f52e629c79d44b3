package dev.tanken.postgres.internal;

import dev.tanken.db.InvalidationJournal;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/** {@link InvalidationJournal} in the {@code cache_invalidations} table (migration V6). */
public final class PostgresInvalidationJournal implements InvalidationJournal {
    private final Jdbi jdbi;

    public PostgresInvalidationJournal(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void record(String namespace, Collection<PostId> posts, Collection<GeoPoint> cells) {
        InvalidationJournal.requireNamespace(namespace);
        if (posts.isEmpty() && cells.isEmpty()) {
            return;
        }
        try {
            jdbi.useTransaction(h -> {
                PreparedBatch b = h.prepareBatch("INSERT INTO cache_invalidations (namespace, post_id, cell_lat,"
                        + " cell_lon) VALUES (:ns, :post, :lat, :lon)");
                for (PostId id : posts) {
                    b.bind("ns", namespace).bind("post", id.value()).bindNull("lat", java.sql.Types.DOUBLE)
                            .bindNull("lon", java.sql.Types.DOUBLE).add();
                }
                for (GeoPoint p : cells) {
                    b.bind("ns", namespace).bindNull("post", java.sql.Types.OTHER).bind("lat", p.latitude())
                            .bind("lon", p.longitude()).add();
                }
                b.execute();
            });
        } catch (JdbiException e) {
            throw PostgresErrors.storageFailure("journal cache invalidations", e);
        }
    }

    @Override
    public List<Pending> pending(String namespace, int limit) {
        InvalidationJournal.requireNamespace(namespace);
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT seq, post_id, cell_lat, cell_lon FROM cache_invalidations"
                    + " WHERE namespace = :ns ORDER BY seq LIMIT :limit")
                    .bind("ns", namespace).bind("limit", limit)
                    .map((rs, ctx) -> {
                        java.util.UUID post = rs.getObject("post_id", java.util.UUID.class);
                        return post != null ? new Pending(rs.getLong("seq"), new PostId(post), null)
                                : new Pending(rs.getLong("seq"), null,
                                        GeoPoint.of(rs.getDouble("cell_lat"), rs.getDouble("cell_lon")));
                    }).list());
        } catch (JdbiException e) {
            throw PostgresErrors.storageFailure("read journaled cache invalidations", e);
        }
    }

    @Override
    public void remove(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        long[] ids = seqs.stream().mapToLong(Long::longValue).toArray();
        try {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM cache_invalidations WHERE seq = ANY(:seqs)")
                    .bind("seqs", ids).execute());
        } catch (JdbiException e) {
            throw PostgresErrors.storageFailure("forget delivered cache invalidations", e);
        }
    }
}
