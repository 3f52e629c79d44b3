-- The per-statement chain queue prototyped for the measurements in docs/benchmarks.md (branch ingestpg),
-- NOT a migration: one queue row per insert statement holding column arrays. Applied by hand to the
-- bench schema tanken_ingest_pg (made by an IngestBench run); rowq.sql puts the V11 trigger back.
SET search_path = tanken_ingest_pg;
DROP TABLE IF EXISTS activity_unsealed_batches;
CREATE TABLE activity_unsealed_batches (
    n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entries int NOT NULL,
    ids uuid[] NOT NULL, times timestamptz[] NOT NULL, apps text[] NOT NULL, actors text[] NOT NULL, actions text[] NOT NULL,
    subject_types text[] NOT NULL, subject_ids text[] NOT NULL, source_ids text[] NOT NULL, payloads jsonb[] NOT NULL);
ALTER TABLE activity_unsealed_batches ALTER COLUMN payloads SET STORAGE EXTERNAL;
CREATE OR REPLACE FUNCTION activity_log_queue_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activity_unsealed_batches (entries, ids, times, apps, actors, actions, subject_types, subject_ids, source_ids, payloads)
    SELECT count(*), array_agg(id), array_agg(occurred_at), array_agg(app), array_agg(actor), array_agg(action), array_agg(subject_type),
           array_agg(subject_id), array_agg(source_id), array_agg(payload) FROM inserted HAVING count(*) > 0;
    RETURN NULL;
END
$$;
