-- Cache invalidations a cache (Redis) could not take when a write committed: the cache tier
-- replays them before it serves from the cache again, so no stale entry outlives an outage.
-- Rows are per cache namespace (key prefix); exactly one of post_id and the cell point is set.
CREATE TABLE cache_invalidations (
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    namespace   text             NOT NULL CHECK (length(namespace) BETWEEN 1 AND 128),
    post_id     uuid,
    cell_lat    double precision,
    cell_lon    double precision,
    recorded_at timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT cache_invalidations_pkey PRIMARY KEY (seq),
    CONSTRAINT cache_invalidations_one_target CHECK ((post_id IS NULL) <> (cell_lat IS NULL)),
    CONSTRAINT cache_invalidations_cell CHECK ((cell_lat IS NULL) = (cell_lon IS NULL))
);
CREATE INDEX cache_invalidations_by_namespace ON cache_invalidations (namespace, seq);
