-- Tanken schema, version 9: tamper evidence for the activity log (a hash chain per application).

-- Entries stored but not yet sealed into their application's chain. Every insert into activity_log
-- (Tanken's own entries in the transaction of each action, ingest batches, COPY loads) queues its
-- rows here through the statement trigger below, so no write path can forget to; a single sealer
-- (ActivityChain.seal, under an advisory lock) later gives them their place in the chain and deletes
-- them from here. n only orders sealing roughly by arrival: an uncommitted row is invisible to the
-- sealer, which seals it on a later pass, so the chain never waits for a slow transaction.
CREATE TABLE activity_unsealed (
    n           bigint      GENERATED ALWAYS AS IDENTITY,
    id          uuid        NOT NULL,
    occurred_at timestamptz NOT NULL,
    CONSTRAINT activity_unsealed_pkey PRIMARY KEY (n)
);

CREATE FUNCTION activity_log_queue_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activity_unsealed (id, occurred_at) SELECT id, occurred_at FROM inserted;
    RETURN NULL;
END
$$;

-- Once per statement, with the rows it inserted (ON CONFLICT DO NOTHING leaves the skipped ones out):
-- an ingest batch of 1000 rows costs one extra INSERT ... SELECT, not 1000 trigger calls.
CREATE TRIGGER activity_log_unsealed AFTER INSERT ON activity_log
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION activity_log_queue_unsealed();

-- The chain: link seq of an application's chain seals entry entry_id with
-- hash = SHA-256(hash of link seq-1 || canonical form of the entry), in lower-case hex (see docs/activity.md).
-- occurred_at is the entry's, so that finding the entry also names its time (the partition key when
-- the log is partitioned by time). sealed_at (microseconds since 1970) is when the link was made;
-- verify --since starts there. Neither is trusted: the hash covers the entry's own time.
CREATE TABLE activity_chain (
    app         text        NOT NULL,
    seq         bigint      NOT NULL,
    entry_id    uuid        NOT NULL,
    occurred_at timestamptz NOT NULL,
    hash        text        NOT NULL,
    sealed_at   bigint      NOT NULL,
    CONSTRAINT activity_chain_pkey PRIMARY KEY (app, seq)
);

-- Where a chain starts after retention dropped its oldest entries: the last dropped link. verify
-- takes its hash as the previous hash of link seq+1 and ignores the links up to seq.
CREATE TABLE activity_chain_anchors (
    app         text   NOT NULL,
    seq         bigint NOT NULL,
    hash        text   NOT NULL,
    recorded_at bigint NOT NULL,
    CONSTRAINT activity_chain_anchors_pkey PRIMARY KEY (app)
);

-- Entries stored before this version are queued once, oldest first, so that every entry is sealed.
INSERT INTO activity_unsealed (id, occurred_at) SELECT id, occurred_at FROM activity_log ORDER BY occurred_at, id;
