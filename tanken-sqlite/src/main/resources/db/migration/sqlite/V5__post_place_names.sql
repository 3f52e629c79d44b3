-- Place names that users chose for their posts, overriding the name the offline gazetteer gives
-- (dev.tanken.geocode). Only overrides are stored: the gazetteer's answer is derived, never copied.
-- updated_at: INTEGER microseconds since the Unix epoch, as everywhere in this schema.
CREATE TABLE post_place_names (
    post_id    INTEGER NOT NULL PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    updated_at INTEGER NOT NULL
) STRICT;
