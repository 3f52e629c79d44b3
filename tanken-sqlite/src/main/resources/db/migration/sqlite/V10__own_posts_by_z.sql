-- Tanken schema, version 10: a signed-in viewer's nearby search reads the viewer's own posts by their
-- exact vector (ex, ey, ez), which the R*Tree does not hold (it holds the position others are shown).
-- Through the author index it read every post the viewer ever wrote; with ez beside the author it
-- reads only the slab of ez the search's chord can reach (a coordinate differs by no more than the
-- chord), and still measures each exactly.
CREATE INDEX posts_author_ez_idx ON posts (author_id, ez);
