-- Tanken schema, version 4: the activity log, and "a user's bookmarks".

-- A user's bookmarks, most recent first.
CREATE INDEX bookmarks_user_idx ON bookmarks (user_id, created_at, post_id);

-- One row per recorded action. The id is a UUIDv7 produced with the entry, so a queue that delivers
-- an entry twice is absorbed by the primary key (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE activity_log (
    id           uuid        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    actor        text        NOT NULL,
    action       text        NOT NULL,
    subject_type text        NOT NULL,
    subject_id   text        NOT NULL,
    payload      jsonb       NOT NULL DEFAULT '{}',
    CONSTRAINT activity_log_pkey PRIMARY KEY (id),
    CONSTRAINT activity_log_payload_object CHECK (jsonb_typeof(payload) = 'object')
);

-- Every search returns the newest entries first, ORDER BY occurred_at DESC, id DESC LIMIT n, and
-- pages with (occurred_at, id) < (cursor). A btree serves that order directly (scanned backwards),
-- which a BRIN index cannot: BRIN only narrows blocks, and a "newest 50" query would still sort.
CREATE INDEX activity_log_time_idx ON activity_log (occurred_at, id);
-- Equality on one column, then the same order: the scan stops after n rows.
CREATE INDEX activity_log_actor_idx ON activity_log (actor, occurred_at, id);
CREATE INDEX activity_log_action_idx ON activity_log (action, occurred_at, id);
-- A subject id is a UUID whatever the subject's type, so the type is a filter, not a key column.
CREATE INDEX activity_log_subject_idx ON activity_log (subject_id, occurred_at, id);
-- Payload equality (EQ, IN) as containment: payload @> '{"flag":{"gid":42}}'. jsonb_path_ops
-- indexes one hash per leaf path-and-value, smaller and faster for @> than the default jsonb_ops.
CREATE INDEX activity_log_payload_idx ON activity_log USING gin (payload jsonb_path_ops);
