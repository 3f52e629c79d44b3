-- The V11 trigger function, to put back after batchq.sql (bench schema tanken_ingest_pg only).
SET search_path = tanken_ingest_pg;
CREATE OR REPLACE FUNCTION activity_log_queue_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activity_unsealed (id, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload)
    SELECT id, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload FROM inserted;
    RETURN NULL;
END
$$;
