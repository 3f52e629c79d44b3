-- Cache invalidations a cache (Redis) could not take when a write committed: the cache tier
-- replays them before it serves from the cache again, so no stale entry outlives an outage.
-- Rows are per cache namespace (key prefix); exactly one of post_id and the cell point is set.
-- recorded_at: INTEGER microseconds since the Unix epoch, as everywhere in this schema.
CREATE TABLE cache_invalidations (
    seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    namespace   TEXT    NOT NULL CHECK (length(namespace) BETWEEN 1 AND 128),
    post_id     TEXT,
    cell_lat    REAL,
    cell_lon    REAL,
    recorded_at INTEGER NOT NULL,
    CHECK ((post_id IS NULL) <> (cell_lat IS NULL)),
    CHECK ((cell_lat IS NULL) = (cell_lon IS NULL))
) STRICT;
CREATE INDEX cache_invalidations_by_namespace ON cache_invalidations (namespace, seq);
