-- Tanken schema, version 10: a 2-D index for nearby searches away from the poles and the antimeridian.

-- The shown position (the one geo holds, NULL for a hidden post) on the Mercator projection of the
-- unit sphere: x = longitude, y = asinh(tan(latitude)), both in radians. The projection is conformal,
-- so near any point plane distances are true distances times one scale factor, sec(latitude), in
-- every direction: a 2-D nearest-neighbour scan finds candidates in almost exactly the true order,
-- and PostgresSql's Mercator nearby query proves, from a bound on that factor, which candidates the
-- exact re-ranking by geo needs. Generated like geo, so inserts, precision changes and deletes keep
-- both in step. asinh(tan(±90°)) is finite (about ±37.3): posts at the poles are stored too, though
-- searches that reach a pole or the antimeridian use geo's index instead.
ALTER TABLE posts ADD COLUMN mercator point GENERATED ALWAYS AS (CASE location_precision
    WHEN 'hidden' THEN NULL
    WHEN 'approximate' THEN point(radians(shown_longitude), asinh(tan(radians(shown_latitude))))
    ELSE point(radians(longitude), asinh(tan(radians(latitude)))) END) STORED;

-- geo and post_id ride along so that the scan measures candidates exactly without reading the table
-- (an index-only scan on pages the visibility map marks all-visible).
CREATE INDEX posts_mercator_idx ON posts USING gist (mercator) INCLUDE (geo, post_id);
