-- Tanken embedded schema, version 8: retention per application, and the archives written before
-- entries are removed. SQLite has no partitions: expired entries are deleted in batches.

-- An application's rows before a time, for retention, and which applications have entries.
CREATE INDEX activity_log_app ON activity_log (app, occurred_at, id);

-- How long each application's entries are kept: keep_days NULL is forever (the default for an app
-- with no row here, Tanken's own entries included); archive = 1 writes them to the blob store first.
CREATE TABLE activity_retention (
    app       TEXT    NOT NULL PRIMARY KEY,
    keep_days INTEGER CHECK (keep_days IS NULL OR keep_days > 0),
    archive   INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The archives written: one gzip-compressed JSON Lines blob per application and month (YYYY-MM).
CREATE TABLE activity_archives (
    app        TEXT    NOT NULL,
    month      TEXT    NOT NULL,
    blob_key   TEXT    NOT NULL,
    entries    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (app, month)
) STRICT;
CREATE INDEX activity_archives_blob ON activity_archives (blob_key);
