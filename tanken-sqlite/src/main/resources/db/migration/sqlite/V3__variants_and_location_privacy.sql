-- Tanken embedded schema, version 3: picture derivatives and location privacy.

-- The precision a user's uploads get when the upload does not choose one.
ALTER TABLE users ADD COLUMN default_location_precision TEXT NOT NULL DEFAULT 'exact'
    CHECK (default_location_precision IN ('exact', 'approximate', 'hidden'));

ALTER TABLE posts ADD COLUMN location_precision TEXT NOT NULL DEFAULT 'exact'
    CHECK (location_precision IN ('exact', 'approximate', 'hidden'));
-- Why a post has no variants (e.g. a HEIC original that cannot be decoded), or NULL.
ALTER TABLE posts ADD COLUMN variants_note TEXT;

-- From now on x, y, z hold the unit vector of the position everyone but the author is shown (the
-- exact one, or the centre of its ~1 km grid cell from dev.tanken.geo.LocationGrid), and ex, ey, ez
-- that of the exact position, with which a viewer's own posts are measured. For a hidden post both
-- are exact, and the post has no R*Tree row: other users' searches cannot find it. Every existing
-- post is exact, so its vectors are equal.
ALTER TABLE posts ADD COLUMN ex REAL;
ALTER TABLE posts ADD COLUMN ey REAL;
ALTER TABLE posts ADD COLUMN ez REAL;
UPDATE posts SET ex = x, ey = y, ez = z;

DROP TRIGGER posts_geo_insert;
CREATE TRIGGER posts_geo_insert AFTER INSERT ON posts WHEN new.location_precision <> 'hidden'
BEGIN
    INSERT INTO posts_geo (id, minX, maxX, minY, maxY, minZ, maxZ)
    VALUES (new.id, new.x, new.x, new.y, new.y, new.z, new.z);
END;

DROP TRIGGER posts_geo_move;
CREATE TRIGGER posts_geo_move AFTER UPDATE OF x, y, z, location_precision ON posts
BEGIN
    DELETE FROM posts_geo WHERE id = new.id;
    INSERT INTO posts_geo (id, minX, maxX, minY, maxY, minZ, maxZ)
    SELECT new.id, new.x, new.x, new.y, new.y, new.z, new.z WHERE new.location_precision <> 'hidden';
END;

-- Served copies of a post's picture (resized, upright, without metadata).
CREATE TABLE post_variants (
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    size       TEXT    NOT NULL CHECK (size IN ('thumb', 'large')),
    blob_key   TEXT    NOT NULL,
    media_type TEXT    NOT NULL,
    sha256     TEXT    NOT NULL,
    width      INTEGER NOT NULL CHECK (width > 0),
    height     INTEGER NOT NULL CHECK (height > 0),
    PRIMARY KEY (post_id, size)
) STRICT, WITHOUT ROWID;

-- Blob garbage collection asks whether any variant still refers to a blob.
CREATE INDEX post_variants_blob_key ON post_variants (blob_key);
