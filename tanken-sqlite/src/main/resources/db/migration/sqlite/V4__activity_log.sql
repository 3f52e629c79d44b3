-- Tanken embedded schema, version 4: the activity log, and "a user's bookmarks".

-- A user's bookmarks, most recent first.
CREATE INDEX bookmarks_user ON bookmarks (user_id, created_at);

-- One row per recorded action; occurred_at in microseconds since 1970. The id (UUIDv7 text) is
-- unique, so a queue that delivers an entry twice is absorbed by INSERT OR IGNORE.
CREATE TABLE activity_log (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    occurred_at  INTEGER NOT NULL,
    actor        TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    subject_type TEXT    NOT NULL,
    subject_id   TEXT    NOT NULL,
    payload      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(payload) AND json_type(payload) = 'object')
) STRICT;

-- Searches return the newest entries first (ORDER BY occurred_at DESC, id DESC LIMIT n); each
-- index below serves one filter and that order, so a scan stops after n matching rows. Payload
-- conditions are evaluated with json_extract on the rows these indexes (or the time index) yield:
-- SQLite has no general index over JSON documents.
CREATE INDEX activity_log_time ON activity_log (occurred_at, id);
CREATE INDEX activity_log_actor ON activity_log (actor, occurred_at, id);
CREATE INDEX activity_log_action ON activity_log (action, occurred_at, id);
CREATE INDEX activity_log_subject ON activity_log (subject_id, occurred_at, id);
