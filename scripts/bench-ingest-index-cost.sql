-- What each index of the activity log costs an insert, in PostgreSQL alone: 200,000 generated
-- entries (a month of the 30M bench log, realistic payloads) inserted with one INSERT … SELECT into a
-- table that gains one index of the V8 layout per round (cumulative; truncated between rounds).
-- The difference between two rounds is that index's cost per row. Needs the activity30m database of
-- docs/benchmarks.md ("Search on PostgreSQL, 30M entries"); run:
--   psql -h 127.0.0.1 -U postgres -d activity30m -f scripts/bench-ingest-index-cost.sql
\set ON_ERROR_STOP on
DROP SCHEMA IF EXISTS bench_ingest_cost CASCADE;
CREATE SCHEMA bench_ingest_cost;
SET search_path = bench_ingest_cost;
CREATE TABLE src AS SELECT * FROM tanken_activity_bench.activity_log_p2025_03 ORDER BY occurred_at, id LIMIT 200000;
CREATE TABLE t (LIKE src);
CREATE TABLE k (app text NOT NULL, source_id text NOT NULL, id uuid NOT NULL, occurred_at timestamptz NOT NULL);
VACUUM ANALYZE src;
SELECT count(*) FROM src;  -- into the cache
\timing on
\echo 'heap only'
INSERT INTO t SELECT * FROM src;
TRUNCATE t;
\echo '+ primary key (id, occurred_at)'
CREATE UNIQUE INDEX ON t (id, occurred_at);
INSERT INTO t SELECT * FROM src;
TRUNCATE t;
\echo '+ time (occurred_at, id)'
CREATE INDEX ON t (occurred_at, id);
INSERT INTO t SELECT * FROM src;
TRUNCATE t;
\echo '+ BRIN (occurred_at)'
CREATE INDEX ON t USING brin (occurred_at);
INSERT INTO t SELECT * FROM src;
TRUNCATE t;
\echo '+ actor (actor, occurred_at, id)'
CREATE INDEX ON t (actor, occurred_at, id);
INSERT INTO t SELECT * FROM src;
TRUNCATE t;
\echo '+ action (action, occurred_at, id)'
CREATE INDEX ON t (action, occurred_at, id);
INSERT INTO t SELECT * FROM src;
TRUNCATE t;
\echo '+ subject (subject_id, occurred_at, id)'
CREATE INDEX ON t (subject_id, occurred_at, id);
INSERT INTO t SELECT * FROM src;
TRUNCATE t;
\echo '+ app (app, occurred_at, id)'
CREATE INDEX ON t (app, occurred_at, id);
INSERT INTO t SELECT * FROM src;
TRUNCATE t;
\echo '+ payload GIN (jsonb_path_ops)'
CREATE INDEX ON t USING gin (payload jsonb_path_ops);
INSERT INTO t SELECT * FROM src;
TRUNCATE t;
\echo 'idempotency keys: one activity_keys row per entry (unique (app, source_id) + time index)'
CREATE UNIQUE INDEX ON k (app, source_id);
CREATE INDEX ON k (occurred_at);
INSERT INTO k SELECT app, id::text, id, occurred_at FROM src;
\timing off
DROP SCHEMA bench_ingest_cost CASCADE;
