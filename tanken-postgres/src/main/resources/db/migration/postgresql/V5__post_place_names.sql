-- Place names that users chose for their posts, overriding the name the offline gazetteer gives
-- (dev.tanken.geocode). Only overrides are stored: the gazetteer's answer is derived, never copied.
CREATE TABLE post_place_names (
    post_id    uuid        NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    updated_at timestamptz NOT NULL,
    CONSTRAINT post_place_names_pkey PRIMARY KEY (post_id),
    CONSTRAINT post_place_names_post_fk FOREIGN KEY (post_id) REFERENCES posts (post_id) ON DELETE CASCADE
);
