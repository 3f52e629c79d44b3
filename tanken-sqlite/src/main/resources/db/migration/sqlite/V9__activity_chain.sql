-- Tanken embedded schema, version 9: tamper evidence for the activity log (a hash chain per application).

-- Entries stored but not yet sealed into their application's chain. Every insert into activity_log
-- queues its row here through the trigger below, so no write path can forget to; the sealer
-- (ActivityChain.seal, on SQLite's single writer) later gives them their place in the chain and
-- deletes them from here.
CREATE TABLE activity_unsealed (
    n           INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL,
    occurred_at INTEGER NOT NULL
);

CREATE TRIGGER activity_log_unsealed AFTER INSERT ON activity_log
BEGIN
    INSERT INTO activity_unsealed (id, occurred_at) VALUES (NEW.id, NEW.occurred_at);
END;

-- The chain: link seq of an application's chain seals entry entry_id with
-- hash = SHA-256(hash of link seq-1 || canonical form of the entry), in lower-case hex (see docs/activity.md).
-- occurred_at is the entry's, so that finding the entry also names its time (as on PostgreSQL, where
-- it is the partition key). sealed_at (microseconds since 1970) is when the link was made; verify
-- --since starts there. Neither is trusted: the hash covers the entry's own time.
CREATE TABLE activity_chain (
    app         TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    entry_id    TEXT    NOT NULL,
    occurred_at INTEGER NOT NULL,
    hash        TEXT    NOT NULL,
    sealed_at   INTEGER NOT NULL,
    PRIMARY KEY (app, seq)
) STRICT;

-- Where a chain starts after retention dropped its oldest entries: the last dropped link. verify
-- takes its hash as the previous hash of link seq+1 and ignores the links up to seq.
CREATE TABLE activity_chain_anchors (
    app         TEXT    NOT NULL PRIMARY KEY,
    seq         INTEGER NOT NULL,
    hash        TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL
) STRICT;

-- Entries stored before this version are queued once, oldest first, so that every entry is sealed.
INSERT INTO activity_unsealed (id, occurred_at) SELECT id, occurred_at FROM activity_log ORDER BY occurred_at, id;
