-- Tanken embedded schema, version 7: other applications write entries into the activity log.

-- Which application recorded an entry ('tanken' for Tanken's own), and the application's own id for
-- it: an entry delivered twice (a retried call, a redelivered stream message) is stored once because
-- (app, source_id) is unique.
ALTER TABLE activity_log ADD COLUMN app TEXT NOT NULL DEFAULT 'tanken';
ALTER TABLE activity_log ADD COLUMN source_id TEXT;
CREATE UNIQUE INDEX activity_log_source ON activity_log (app, source_id) WHERE source_id IS NOT NULL;

-- The applications allowed to send entries. Only the SHA-256 of an API key is kept; the key itself
-- is shown once, when the application is added. Times: INTEGER microseconds since 1970.
CREATE TABLE activity_apps (
    name       TEXT    NOT NULL PRIMARY KEY,
    key_hash   TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) STRICT;

-- A JSON Schema per application and action: the contract an entry must meet to be stored.
CREATE TABLE activity_schemas (
    app        TEXT    NOT NULL REFERENCES activity_apps (name) ON DELETE CASCADE,
    action     TEXT    NOT NULL,
    schema     TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (app, action)
) STRICT;

-- Entries refused at the boundary, with the reason, kept to be replayed after a fix or dropped.
-- The id is a digest of the application and the entry's text, so an entry refused twice (a
-- redelivery) is kept once. app and action are what the entry said, when it said something usable.
CREATE TABLE activity_dead_letters (
    id          TEXT    NOT NULL PRIMARY KEY,
    app         TEXT,
    action      TEXT,
    received_at INTEGER NOT NULL,
    entry       TEXT    NOT NULL,
    reason      TEXT    NOT NULL
) STRICT;
CREATE INDEX activity_dead_letters_received ON activity_dead_letters (received_at, id);
