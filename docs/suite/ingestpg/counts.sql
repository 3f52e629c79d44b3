-- The sealer's take, old and new statement, by counts: a queue of 3,000 live rows behind 90,000 rows
-- already taken (deleted, not yet vacuumed), as during a sustained ingest between two autovacuums.
DROP SCHEMA IF EXISTS tanken_ingestpg_counts CASCADE;
CREATE SCHEMA tanken_ingestpg_counts;
SET search_path = tanken_ingestpg_counts;
CREATE TABLE activity_unsealed (
    n bigint GENERATED ALWAYS AS IDENTITY, id uuid NOT NULL, occurred_at timestamptz NOT NULL,
    app text, actor text, action text, subject_type text, subject_id text, source_id text, payload jsonb,
    CONSTRAINT activity_unsealed_pkey PRIMARY KEY (n));
ALTER TABLE activity_unsealed SET (autovacuum_enabled = false);
INSERT INTO activity_unsealed (id, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload)
SELECT gen_random_uuid(), now(), 'shop', 'customer-'||g, 'order.paid', 'order', 'o-'||g, 'order-'||g,
       '{"flag": {"gid": 5}, "items": [{"qty": 2, "sku": "sku-1"}], "amount": 12.5, "currency": "EUR", "customer": {"id": "c-1", "tier": "gold"}}'
FROM generate_series(1, 93000) g;
ANALYZE activity_unsealed;
DELETE FROM activity_unsealed WHERE n <= 90000;
-- a first scan after the delete marks the dead index entries, as the sealer's previous pass would have
SELECT n FROM activity_unsealed ORDER BY n LIMIT 1;

\echo '--- before: n IN (SELECT n ... LIMIT 5000)'
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF)
DELETE FROM activity_unsealed WHERE n IN (SELECT n FROM activity_unsealed ORDER BY n LIMIT 5000)
RETURNING n, id::text, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload::text;
ROLLBACK;
\echo '--- after: the range through the primary key'
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF)
WITH f AS MATERIALIZED (SELECT n FROM activity_unsealed ORDER BY n LIMIT 5000)
DELETE FROM activity_unsealed
WHERE n >= (SELECT min(n) FROM f) AND n <= (SELECT max(n) FROM f)
RETURNING n, id::text, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload::text;
ROLLBACK;
DROP SCHEMA tanken_ingestpg_counts CASCADE;
