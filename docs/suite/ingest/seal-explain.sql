-- Old and new sealer statements on the same 5,000 queued entries of the bench's log (100,000 rows),
-- in one transaction that is rolled back. Buffers are counts: they do not depend on the load.
SET search_path = tanken_ingest_bench_ingest, public;
BEGIN;
TRUNCATE activity_unsealed;
INSERT INTO activity_unsealed (id, occurred_at) SELECT id, occurred_at FROM activity_log ORDER BY occurred_at LIMIT 5000;
ANALYZE activity_unsealed;
\echo === old: SELECT the batch joined with the log
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT u.n, l.id::text, l.occurred_at, l.app, l.actor, l.action, l.subject_type, l.subject_id, l.source_id, l.payload::text
FROM (SELECT n, id, occurred_at FROM activity_unsealed ORDER BY n LIMIT 5000) u
LEFT JOIN activity_log l ON l.id = u.id AND l.occurred_at = u.occurred_at ORDER BY u.n;
\echo === old: DELETE the batch by its numbers
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY ON)
DELETE FROM activity_unsealed WHERE n = ANY (ARRAY(SELECT n FROM activity_unsealed));
\echo === new: V11 queue rows, one DELETE ... RETURNING
ALTER TABLE activity_unsealed ADD COLUMN app text, ADD COLUMN actor text, ADD COLUMN action text, ADD COLUMN subject_type text,
    ADD COLUMN subject_id text, ADD COLUMN source_id text, ADD COLUMN payload jsonb;
INSERT INTO activity_unsealed (id, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload)
SELECT id, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload FROM activity_log ORDER BY occurred_at LIMIT 5000;
ANALYZE activity_unsealed;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY ON)
DELETE FROM activity_unsealed WHERE n IN (SELECT n FROM activity_unsealed ORDER BY n LIMIT 5000)
RETURNING n, id::text, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload::text;
ROLLBACK;
