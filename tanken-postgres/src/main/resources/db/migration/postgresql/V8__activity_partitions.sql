-- Tanken schema, version 8: the activity log partitioned by month, retention per application, and
-- the archives written before entries are removed.
--
-- activity_log becomes a table range-partitioned on occurred_at, one partition per calendar month
-- (UTC), named activity_log_pYYYY_MM, plus a DEFAULT partition that catches an entry whose month has
-- no partition yet. Dropping a month is then a catalog operation, whatever its size, instead of a
-- DELETE of millions of rows. The existing rows are copied into the new table: on a large log this
-- migration rewrites every row and rebuilds every index while the table is locked (count minutes per
-- ten million rows, and twice the table's disk space until the old copy is dropped).

ALTER TABLE activity_log RENAME TO activity_log_unpartitioned;
-- Index names are per schema: the old table's go first so the new table can use them.
ALTER TABLE activity_log_unpartitioned DROP CONSTRAINT activity_log_pkey;
DROP INDEX activity_log_time_idx;
DROP INDEX activity_log_actor_idx;
DROP INDEX activity_log_action_idx;
DROP INDEX activity_log_subject_idx;
DROP INDEX activity_log_payload_idx;
DROP INDEX activity_log_source_idx;

-- A unique constraint on a partitioned table must include the partition key, so the key is
-- (id, occurred_at). Entry ids are UUIDv7s made from the entry's own time: a redelivered entry
-- repeats both and is still absorbed by ON CONFLICT DO NOTHING.
CREATE TABLE activity_log (
    id           uuid        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    actor        text        NOT NULL,
    action       text        NOT NULL,
    subject_type text        NOT NULL,
    subject_id   text        NOT NULL,
    payload      jsonb       NOT NULL DEFAULT '{}',
    app          text        NOT NULL DEFAULT 'tanken',
    source_id    text,
    CONSTRAINT activity_log_pkey PRIMARY KEY (id, occurred_at),
    CONSTRAINT activity_log_payload_object CHECK (jsonb_typeof(payload) = 'object')
) PARTITION BY RANGE (occurred_at);

CREATE TABLE activity_log_default PARTITION OF activity_log DEFAULT;

-- Month boundaries are UTC midnights whatever the session's time zone: the arithmetic is done on
-- timestamps without a zone.
DO $$
DECLARE
    m timestamp;
BEGIN
    FOR m IN
        SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')
        FROM activity_log_unpartitioned
        UNION
        SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => k)
        FROM generate_series(0, 3) AS k
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF activity_log FOR VALUES FROM (%L) TO (%L)',
                       'activity_log_p' || to_char(m, 'YYYY_MM'),
                       m AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC');
    END LOOP;
END
$$;

-- (app, source_id) cannot be unique on the partitioned table (the key would have to include
-- occurred_at, and then the same entry sent again with another time would be stored twice). This
-- unpartitioned table holds one row per entry from another application, written in the entry's
-- transaction, and makes (app, source_id) unique across every month. Retention removes a key with
-- its entry.
CREATE TABLE activity_keys (
    app         text        NOT NULL,
    source_id   text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    id          uuid        NOT NULL,
    CONSTRAINT activity_keys_pkey PRIMARY KEY (app, source_id)
);
CREATE INDEX activity_keys_time_idx ON activity_keys (occurred_at);

INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload, app, source_id)
SELECT id, occurred_at, actor, action, subject_type, subject_id, payload, app, source_id
FROM activity_log_unpartitioned;
INSERT INTO activity_keys (app, source_id, occurred_at, id)
SELECT app, source_id, occurred_at, id FROM activity_log_unpartitioned WHERE source_id IS NOT NULL;
DROP TABLE activity_log_unpartitioned;

-- Indexes on the parent are created on every partition, present and future.
CREATE INDEX activity_log_time_idx ON activity_log (occurred_at, id);
CREATE INDEX activity_log_actor_idx ON activity_log (actor, occurred_at, id);
CREATE INDEX activity_log_action_idx ON activity_log (action, occurred_at, id);
CREATE INDEX activity_log_subject_idx ON activity_log (subject_id, occurred_at, id);
CREATE INDEX activity_log_payload_idx ON activity_log USING gin (payload jsonb_path_ops);
-- Retention works per application and month: which apps a partition holds (a skip scan over this
-- index) and an app's rows before a time.
CREATE INDEX activity_log_app_idx ON activity_log (app, occurred_at, id);
-- Rows arrive in time order, so a block range summary narrows a time range at a tiny fraction of
-- a btree's size.
CREATE INDEX activity_log_time_brin ON activity_log USING brin (occurred_at);

-- How long each application's entries are kept: keep_days NULL is forever (the default for an app
-- with no row here, Tanken's own entries included); archive = 1 writes them to the blob store first.
CREATE TABLE activity_retention (
    app       text    NOT NULL,
    keep_days integer,
    archive   integer NOT NULL DEFAULT 0,
    CONSTRAINT activity_retention_pkey PRIMARY KEY (app),
    CONSTRAINT activity_retention_keep_days CHECK (keep_days IS NULL OR keep_days > 0)
);

-- The archives written: one gzip-compressed JSON Lines blob per application and month (YYYY-MM).
-- The blob store is content-addressed; this table says which blob holds which month, and keeps the
-- blob from being collected as garbage.
CREATE TABLE activity_archives (
    app        text   NOT NULL,
    month      text   NOT NULL,
    blob_key   text   NOT NULL,
    entries    bigint NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT activity_archives_pkey PRIMARY KEY (app, month)
);
CREATE INDEX activity_archives_blob_idx ON activity_archives (blob_key);
