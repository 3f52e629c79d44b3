-- Tanken schema, version 7: other applications write entries into the activity log.

-- Which application recorded an entry ('tanken' for Tanken's own), and the application's own id for
-- it: an entry delivered twice (a retried call, a redelivered stream message) is stored once because
-- (app, source_id) is unique. A constant default adds the column without rewriting the table.
ALTER TABLE activity_log ADD COLUMN app text NOT NULL DEFAULT 'tanken';
ALTER TABLE activity_log ADD COLUMN source_id text;
CREATE UNIQUE INDEX activity_log_source_idx ON activity_log (app, source_id) WHERE source_id IS NOT NULL;

-- The applications allowed to send entries. Only the SHA-256 of an API key is kept; the key itself
-- is shown once, when the application is added. Times here are microseconds since 1970 (bigint), the
-- same on both backends, so one set of SQL statements serves both.
CREATE TABLE activity_apps (
    name       text   NOT NULL,
    key_hash   text   NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT activity_apps_pkey PRIMARY KEY (name),
    CONSTRAINT activity_apps_key_hash UNIQUE (key_hash)
);

-- A JSON Schema per application and action: the contract an entry must meet to be stored.
CREATE TABLE activity_schemas (
    app        text   NOT NULL REFERENCES activity_apps (name) ON DELETE CASCADE,
    action     text   NOT NULL,
    schema     text   NOT NULL,
    updated_at bigint NOT NULL,
    CONSTRAINT activity_schemas_pkey PRIMARY KEY (app, action)
);

-- Entries refused at the boundary, with the reason, kept to be replayed after a fix or dropped.
-- The id is a digest of the application and the entry's text, so an entry refused twice (a
-- redelivery) is kept once. app and action are what the entry said, when it said something usable.
CREATE TABLE activity_dead_letters (
    id          text   NOT NULL,
    app         text,
    action      text,
    received_at bigint NOT NULL,
    entry       text   NOT NULL,
    reason      text   NOT NULL,
    CONSTRAINT activity_dead_letters_pkey PRIMARY KEY (id)
);
CREATE INDEX activity_dead_letters_received_idx ON activity_dead_letters (received_at, id);
