-- Tanken embedded schema (SQLite). Timestamps are INTEGER microseconds since the Unix epoch.
-- UUIDs are canonical lower-case text, so for UUIDv7 ids text order is creation order.
-- STRICT tables make SQLite reject a value of the wrong type instead of silently storing it.

CREATE TABLE users (
    id                   TEXT    NOT NULL PRIMARY KEY,
    username             TEXT    NOT NULL UNIQUE,
    email                TEXT,
    bio                  TEXT,
    profile_picture_link TEXT,
    oauth_provider       TEXT,
    created_at           INTEGER NOT NULL,
    last_login           INTEGER,
    subscribed           INTEGER NOT NULL DEFAULT 0 CHECK (subscribed IN (0, 1))
) STRICT;

-- id is the rowid: it keys the R*Tree and the child tables (smaller and faster than the text id).
-- x, y, z are the unit vector of (latitude, longitude) as computed by SphericalGeometry.unitVector;
-- nearby searches filter and sort on them, the R*Tree only narrows the candidates.
CREATE TABLE posts (
    id                   INTEGER PRIMARY KEY,
    post_id              TEXT    NOT NULL UNIQUE,
    author_id            TEXT    NOT NULL REFERENCES users (id),
    created_at           INTEGER NOT NULL,
    caption              TEXT    NOT NULL DEFAULT '',
    blob_key             TEXT    NOT NULL,
    media_type           TEXT    NOT NULL,
    sha256               TEXT    NOT NULL,
    width                INTEGER NOT NULL CHECK (width > 0),
    height               INTEGER NOT NULL CHECK (height > 0),
    latitude             REAL    NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude            REAL    NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    altitude             REAL,
    taken_local          TEXT,
    taken_offset_seconds INTEGER,
    likes                INTEGER NOT NULL DEFAULT 0 CHECK (likes >= 0),
    bookmarks            INTEGER NOT NULL DEFAULT 0 CHECK (bookmarks >= 0),
    comments             INTEGER NOT NULL DEFAULT 0 CHECK (comments >= 0),
    x                    REAL    NOT NULL,
    y                    REAL    NOT NULL,
    z                    REAL    NOT NULL,
    CONSTRAINT posts_author_picture UNIQUE (author_id, sha256),
    CHECK (taken_offset_seconds IS NULL OR taken_local IS NOT NULL)
) STRICT;

-- "A user's posts, newest first" walks this index backwards.
CREATE INDEX posts_author_post ON posts (author_id, post_id);
CREATE INDEX posts_blob_key ON posts (blob_key);

CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag     TEXT    NOT NULL,
    PRIMARY KEY (post_id, tag)
) STRICT, WITHOUT ROWID;

CREATE INDEX post_tags_tag ON post_tags (tag, post_id);

CREATE TABLE likes (
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id    TEXT    NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE bookmarks (
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id    TEXT    NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE comments (
    id         TEXT    NOT NULL PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id  TEXT    NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    text       TEXT    NOT NULL
) STRICT;

-- Comments of a post, oldest first (comment ids are UUIDv7).
CREATE INDEX comments_post ON comments (post_id, id);

-- Spatial index over the posts' unit vectors; id = posts.id. Boxes are degenerate (one point).
-- The R*Tree stores 32-bit floats rounded outward, so a box query on it is a conservative
-- pre-filter; the exact distance test runs on posts.x/y/z.
CREATE VIRTUAL TABLE posts_geo USING rtree(id, minX, maxX, minY, maxY, minZ, maxZ);

-- Triggers keep the R*Tree in the same transaction as the post, whoever writes the row.
CREATE TRIGGER posts_geo_insert AFTER INSERT ON posts
BEGIN
    INSERT INTO posts_geo (id, minX, maxX, minY, maxY, minZ, maxZ)
    VALUES (new.id, new.x, new.x, new.y, new.y, new.z, new.z);
END;

CREATE TRIGGER posts_geo_move AFTER UPDATE OF x, y, z ON posts
BEGIN
    UPDATE posts_geo
    SET minX = new.x, maxX = new.x, minY = new.y, maxY = new.y, minZ = new.z, maxZ = new.z
    WHERE id = new.id;
END;

CREATE TRIGGER posts_geo_delete AFTER DELETE ON posts
BEGIN
    DELETE FROM posts_geo WHERE id = old.id;
END;
