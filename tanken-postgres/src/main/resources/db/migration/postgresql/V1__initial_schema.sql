-- Tanken schema, version 1. Flyway runs this with search_path set to the target schema only,
-- so everything from the cube extension is qualified with "public".

-- The cube extension lives in public so that every Tanken schema in the database (one per test run,
-- or per tenant) shares one copy; connections put public on their search path after the Tanken
-- schema. Two first-time migrations of different schemas may race to create it; the loser's
-- unique violation is harmless.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'cube') THEN
        CREATE EXTENSION cube WITH SCHEMA public;
    END IF;
EXCEPTION
    WHEN unique_violation THEN NULL;
END
$$;

CREATE TABLE users (
    id                   uuid        NOT NULL,
    username             text        NOT NULL,
    email                text,
    bio                  text,
    profile_picture_link text,
    oauth_provider       text,
    created_at           timestamptz NOT NULL,
    last_login           timestamptz,
    subscribed           boolean     NOT NULL DEFAULT false,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TABLE posts (
    post_id              uuid             NOT NULL,
    author_id            uuid             NOT NULL,
    created_at           timestamptz      NOT NULL,
    caption              text             NOT NULL DEFAULT '',
    blob_key             text             NOT NULL,
    media_type           text             NOT NULL,
    sha256               text             NOT NULL,
    width                integer          NOT NULL,
    height               integer          NOT NULL,
    latitude             double precision NOT NULL,
    longitude            double precision NOT NULL,
    altitude             double precision,
    taken_local          timestamp,
    taken_offset_seconds integer,
    likes                bigint           NOT NULL DEFAULT 0,
    bookmarks            bigint           NOT NULL DEFAULT 0,
    comments             bigint           NOT NULL DEFAULT 0,
    -- The position as a unit vector: 3-D Euclidean distance between these points (the chord) grows
    -- with great-circle distance, so a GiST KNN scan orders by true distance with no special case
    -- at the antimeridian or the poles. Queries must build their centre with this same expression
    -- so that a post at the centre is at distance exactly 0.
    geo                  public.cube      NOT NULL GENERATED ALWAYS AS (public.cube(ARRAY[
                             cos(radians(latitude)) * cos(radians(longitude)),
                             cos(radians(latitude)) * sin(radians(longitude)),
                             sin(radians(latitude))])) STORED,
    CONSTRAINT posts_pkey PRIMARY KEY (post_id),
    CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES users (id),
    CONSTRAINT posts_author_sha256_key UNIQUE (author_id, sha256),
    CONSTRAINT posts_size_check CHECK (width > 0 AND height > 0),
    CONSTRAINT posts_latitude_check CHECK (latitude BETWEEN -90 AND 90),
    CONSTRAINT posts_longitude_check CHECK (longitude BETWEEN -180 AND 180),
    CONSTRAINT posts_taken_offset_check CHECK (taken_offset_seconds IS NULL OR taken_local IS NOT NULL),
    CONSTRAINT posts_counters_check CHECK (likes >= 0 AND bookmarks >= 0 AND comments >= 0)
);

CREATE INDEX posts_geo_idx ON posts USING gist (geo);
-- A user's posts, newest first (post ids are UUIDv7, so id order is creation order).
CREATE INDEX posts_author_idx ON posts (author_id, post_id);
-- Blob garbage collection asks whether any post still refers to a blob.
CREATE INDEX posts_blob_key_idx ON posts (blob_key);

CREATE TABLE post_tags (
    post_id uuid NOT NULL,
    tag     text NOT NULL,
    CONSTRAINT post_tags_pkey PRIMARY KEY (post_id, tag),
    CONSTRAINT post_tags_post_fk FOREIGN KEY (post_id) REFERENCES posts (post_id) ON DELETE CASCADE
);
-- Finding posts by tag.
CREATE INDEX post_tags_tag_idx ON post_tags (tag, post_id);

CREATE TABLE likes (
    post_id    uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT likes_pkey PRIMARY KEY (post_id, user_id),
    CONSTRAINT likes_post_fk FOREIGN KEY (post_id) REFERENCES posts (post_id) ON DELETE CASCADE,
    CONSTRAINT likes_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE bookmarks (
    post_id    uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bookmarks_pkey PRIMARY KEY (post_id, user_id),
    CONSTRAINT bookmarks_post_fk FOREIGN KEY (post_id) REFERENCES posts (post_id) ON DELETE CASCADE,
    CONSTRAINT bookmarks_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE comments (
    id         uuid        NOT NULL,
    post_id    uuid        NOT NULL,
    author_id  uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    text       text        NOT NULL,
    CONSTRAINT comments_pkey PRIMARY KEY (id),
    CONSTRAINT comments_post_fk FOREIGN KEY (post_id) REFERENCES posts (post_id) ON DELETE CASCADE,
    CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES users (id)
);
-- A post's comments, oldest first (comment ids are UUIDv7).
CREATE INDEX comments_post_idx ON comments (post_id, id);
