-- Tanken schema, version 11: the chain's queue holds the rows it queues, so that sealing reads no
-- partition of activity_log. The statement trigger copies each inserted row, exactly as stored (its
-- transition table holds the stored values), and the sealer takes a batch of the queue with one
-- DELETE ... RETURNING and hashes those values: the same canonical form, the same hashes, as when it
-- looked every entry up by id and time (a probe through the partitioned log per entry, the largest
-- part of sealing's cost).
--
-- Rows queued before this version have no app: the sealer looks those up in the log as before.
ALTER TABLE activity_unsealed
    ADD COLUMN app          text,
    ADD COLUMN actor        text,
    ADD COLUMN action       text,
    ADD COLUMN subject_type text,
    ADD COLUMN subject_id   text,
    ADD COLUMN source_id    text,
    ADD COLUMN payload      jsonb;

CREATE OR REPLACE FUNCTION activity_log_queue_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activity_unsealed (id, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload)
    SELECT id, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload FROM inserted;
    RETURN NULL;
END
$$;
