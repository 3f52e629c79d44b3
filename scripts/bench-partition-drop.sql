-- Times dropping a month of the activity log the way `tanken activity maintain` does it, for a
-- 1M-row and a 5M-row month. Run: psql -h 127.0.0.1 -U postgres -d test -f scripts/bench-partition-drop.sql
-- Builds its own schema (bench_partition_drop) with the V8 layout and drops it at the end.
\set ON_ERROR_STOP on
DROP SCHEMA IF EXISTS bench_partition_drop CASCADE;
CREATE SCHEMA bench_partition_drop;
SET search_path = bench_partition_drop;
CREATE TABLE activity_log (
    id uuid NOT NULL, occurred_at timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL,
    subject_type text NOT NULL, subject_id text NOT NULL, payload jsonb NOT NULL DEFAULT '{}',
    app text NOT NULL DEFAULT 'tanken', source_id text,
    CONSTRAINT activity_log_pkey PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE activity_log_default PARTITION OF activity_log DEFAULT;
CREATE TABLE activity_log_p2015_01 PARTITION OF activity_log FOR VALUES FROM ('2015-01-01Z') TO ('2015-02-01Z');
CREATE TABLE activity_log_p2015_02 PARTITION OF activity_log FOR VALUES FROM ('2015-02-01Z') TO ('2015-03-01Z');
CREATE TABLE activity_log_p2015_03 PARTITION OF activity_log FOR VALUES FROM ('2015-03-01Z') TO ('2015-04-01Z');
CREATE INDEX activity_log_time_idx ON activity_log (occurred_at, id);
CREATE INDEX activity_log_actor_idx ON activity_log (actor, occurred_at, id);
CREATE INDEX activity_log_action_idx ON activity_log (action, occurred_at, id);
CREATE INDEX activity_log_subject_idx ON activity_log (subject_id, occurred_at, id);
CREATE INDEX activity_log_payload_idx ON activity_log USING gin (payload jsonb_path_ops);
CREATE INDEX activity_log_app_idx ON activity_log (app, occurred_at, id);
CREATE INDEX activity_log_time_brin ON activity_log USING brin (occurred_at);

-- 1M rows in January, 5M in February, 10k in March (the month that stays).
INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload, app)
SELECT gen_random_uuid(), '2015-01-01Z'::timestamptz + (i * interval '2.6 seconds'), 'u' || (i % 5000),
       (ARRAY['post.like','post.create','comment.add','post.report'])[1 + i % 4], 'post', 'p' || i,
       jsonb_build_object('client', jsonb_build_object('app', CASE WHEN i % 2 = 0 THEN 'ios' ELSE 'android' END),
                          'k', i % 100, 'n', i), 'billing'
FROM generate_series(1, 1000000) AS i;
INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload, app)
SELECT gen_random_uuid(), '2015-02-01Z'::timestamptz + (i * interval '0.48 seconds'), 'u' || (i % 5000),
       (ARRAY['post.like','post.create','comment.add','post.report'])[1 + i % 4], 'post', 'p' || i,
       jsonb_build_object('client', jsonb_build_object('app', CASE WHEN i % 2 = 0 THEN 'ios' ELSE 'android' END),
                          'k', i % 100, 'n', i), 'billing'
FROM generate_series(1, 5000000) AS i;
INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, app)
SELECT gen_random_uuid(), '2015-03-01Z'::timestamptz + (i * interval '1 second'), 'u1', 'post.like', 'post', 'p' || i, 'billing'
FROM generate_series(1, 10000) AS i;
VACUUM ANALYZE activity_log;
SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) AS size_with_indexes, reltuples::bigint
FROM pg_class WHERE relname IN ('activity_log_p2015_01', 'activity_log_p2015_02') ORDER BY relname;

\timing on
-- January (1M rows): what maintenance runs, step by step.
BEGIN;
SET LOCAL lock_timeout = '10s';
SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.activity_log partitions'));
ALTER TABLE activity_log DETACH PARTITION activity_log_p2015_01;
WITH RECURSIVE a (app) AS (SELECT min(app) FROM activity_log_p2015_01
  UNION ALL SELECT (SELECT min(t.app) FROM activity_log_p2015_01 t WHERE t.app > a.app) FROM a WHERE a.app IS NOT NULL)
SELECT app FROM a WHERE app IS NOT NULL;
ALTER TABLE activity_log_p2015_01 RENAME TO activity_log_detached_2015_01;
COMMIT;
DROP TABLE activity_log_detached_2015_01;
-- February (5M rows).
BEGIN;
SET LOCAL lock_timeout = '10s';
SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.activity_log partitions'));
ALTER TABLE activity_log DETACH PARTITION activity_log_p2015_02;
WITH RECURSIVE a (app) AS (SELECT min(app) FROM activity_log_p2015_02
  UNION ALL SELECT (SELECT min(t.app) FROM activity_log_p2015_02 t WHERE t.app > a.app) FROM a WHERE a.app IS NOT NULL)
SELECT app FROM a WHERE app IS NOT NULL;
ALTER TABLE activity_log_p2015_02 RENAME TO activity_log_detached_2015_02;
COMMIT;
DROP TABLE activity_log_detached_2015_02;
\timing off
SELECT count(*) AS rows_left FROM activity_log;
DROP SCHEMA bench_partition_drop CASCADE;
