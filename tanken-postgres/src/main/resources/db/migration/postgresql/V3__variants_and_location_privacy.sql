-- Tanken schema, version 3: picture derivatives and location privacy.

-- The precision a user's uploads get when the upload does not choose one.
ALTER TABLE users ADD COLUMN default_location_precision text NOT NULL DEFAULT 'exact'
    CONSTRAINT users_default_location_precision_check
        CHECK (default_location_precision IN ('exact', 'approximate', 'hidden'));

ALTER TABLE posts ADD COLUMN location_precision text NOT NULL DEFAULT 'exact'
    CONSTRAINT posts_location_precision_check CHECK (location_precision IN ('exact', 'approximate', 'hidden'));
-- Why a post has no variants (e.g. a HEIC original that cannot be decoded), or NULL.
ALTER TABLE posts ADD COLUMN variants_note text;

-- The centre of an approximate post's ~1 km grid cell (computed by dev.tanken.geo.LocationGrid), which
-- is what everyone but the author is shown of it; NULL for other posts. latitude/longitude stay exact.
ALTER TABLE posts ADD COLUMN shown_latitude double precision;
ALTER TABLE posts ADD COLUMN shown_longitude double precision;
ALTER TABLE posts ADD CONSTRAINT posts_shown_position_check CHECK (
    (shown_latitude IS NOT NULL) = (location_precision = 'approximate')
    AND (shown_latitude IS NULL) = (shown_longitude IS NULL));

-- The spatial index now serves the position others are shown: exact, the cell centre, or nothing for
-- a hidden post (a NULL cube is not indexed). Other users' searches thus find, rank and measure
-- approximate posts by their cell's centre and never see hidden ones. The expression is the one V1
-- used, so exact posts keep bit-identical distances and a query centre built with PostgresSql.CENTER
-- still lies at distance 0 from a post at the centre. A viewer's own posts are measured from
-- latitude/longitude with that same expression.
DROP INDEX posts_geo_idx;
ALTER TABLE posts DROP COLUMN geo;
ALTER TABLE posts ADD COLUMN geo public.cube GENERATED ALWAYS AS (CASE location_precision
    WHEN 'hidden' THEN NULL
    WHEN 'approximate' THEN public.cube(ARRAY[
        cos(radians(shown_latitude)) * cos(radians(shown_longitude)),
        cos(radians(shown_latitude)) * sin(radians(shown_longitude)),
        sin(radians(shown_latitude))])
    ELSE public.cube(ARRAY[
        cos(radians(latitude)) * cos(radians(longitude)),
        cos(radians(latitude)) * sin(radians(longitude)),
        sin(radians(latitude))]) END) STORED;
CREATE INDEX posts_geo_idx ON posts USING gist (geo);

-- Served copies of a post's picture (resized, upright, without metadata).
CREATE TABLE post_variants (
    post_id    uuid    NOT NULL,
    size       text    NOT NULL,
    blob_key   text    NOT NULL,
    media_type text    NOT NULL,
    sha256     text    NOT NULL,
    width      integer NOT NULL,
    height     integer NOT NULL,
    CONSTRAINT post_variants_pkey PRIMARY KEY (post_id, size),
    CONSTRAINT post_variants_post_fk FOREIGN KEY (post_id) REFERENCES posts (post_id) ON DELETE CASCADE,
    CONSTRAINT post_variants_size_check CHECK (size IN ('thumb', 'large')),
    CONSTRAINT post_variants_dimensions_check CHECK (width > 0 AND height > 0)
);
-- Blob garbage collection asks whether any variant still refers to a blob.
CREATE INDEX post_variants_blob_key_idx ON post_variants (blob_key);
