package dev.tanken.sqlite.internal;

import dev.tanken.db.InvalidationJournal;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** {@link InvalidationJournal} in the {@code cache_invalidations} table (migration V6). */
public final class SqliteInvalidationJournal implements InvalidationJournal {
    private final SqliteConnections db;
    private final Clock clock;

    public SqliteInvalidationJournal(SqliteConnections db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void record(String namespace, Collection<PostId> posts, Collection<GeoPoint> cells) {
        InvalidationJournal.requireNamespace(namespace);
        if (posts.isEmpty() && cells.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        db.write("journal cache invalidations", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cache_invalidations"
                    + " (namespace, post_id, cell_lat, cell_lon, recorded_at) VALUES (?, ?, ?, ?, ?)")) {
                for (PostId id : posts) {
                    ps.setString(1, namespace);
                    ps.setString(2, id.toString());
                    ps.setObject(3, null);
                    ps.setObject(4, null);
                    ps.setLong(5, micros);
                    ps.addBatch();
                }
                for (GeoPoint p : cells) {
                    ps.setString(1, namespace);
                    ps.setObject(2, null);
                    ps.setDouble(3, p.latitude());
                    ps.setDouble(4, p.longitude());
                    ps.setLong(5, micros);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<Pending> pending(String namespace, int limit) {
        InvalidationJournal.requireNamespace(namespace);
        return db.read("read journaled cache invalidations", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, post_id, cell_lat, cell_lon"
                    + " FROM cache_invalidations WHERE namespace = ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, namespace);
                ps.setInt(2, limit);
                List<Pending> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String post = rs.getString(2);
                        out.add(post != null
                                ? new Pending(rs.getLong(1), PostId.parse(post), null)
                                : new Pending(rs.getLong(1), null, GeoPoint.of(rs.getDouble(3), rs.getDouble(4))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void remove(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        db.write("forget delivered cache invalidations", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cache_invalidations WHERE seq = ?")) {
                for (long seq : seqs) {
                    ps.setLong(1, seq);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
