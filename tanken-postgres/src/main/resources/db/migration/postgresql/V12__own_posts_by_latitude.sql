-- Tanken schema, version 12: a signed-in viewer's nearby search reads the viewer's own posts by their
-- exact position, which no spatial index serves (the spatial indexes hold the position others are
-- shown). Through posts_author_idx it read every post the viewer ever wrote, wherever they are: a
-- prolific author paid for all of them on every search. With the latitude beside the author, the
-- search reads only the band of latitudes its circle can reach (a point farther in latitude than the
-- radius is farther in distance too), and still measures each exactly.
CREATE INDEX posts_author_latitude_idx ON posts (author_id, latitude);
