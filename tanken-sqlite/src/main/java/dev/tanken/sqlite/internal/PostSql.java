package dev.tanken.sqlite.internal;

import dev.tanken.NotFoundException;
import dev.tanken.db.internal.VariantColumns;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.TakenAt;
import dev.tanken.model.UserRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The posts table with its tags, read and written as whole {@link Post}s. */
public final class PostSql {
    /**
     * Tags are joined with U+001F (unit separator), which {@link dev.tanken.model.Validation#tag}
     * never lets into a tag. The Post constructor sorts them again, so their order here is free.
     */
    private static final String TAG_SEPARATOR = "\u001f";

    /** Every column of a full post; use with {@link #FROM}. */
    public static final String COLUMNS = """
            p.post_id, p.created_at, p.author_id, u.username, p.caption, p.blob_key, p.media_type, p.sha256,
            p.width, p.height, p.latitude, p.longitude, p.altitude, p.taken_local, p.taken_offset_seconds,
            p.likes, p.bookmarks, p.comments, p.location_precision, p.variants_note,
            (SELECT group_concat(t.tag, char(31)) FROM post_tags t WHERE t.post_id = p.id) AS tags,
            (SELECT group_concat(v.size || ' ' || v.blob_key || ' ' || v.media_type || ' ' || v.sha256 || ' '
                                 || v.width || ' ' || v.height, ',')
             FROM post_variants v WHERE v.post_id = p.id) AS variants""";
    public static final String FROM = "posts p JOIN users u ON u.id = p.author_id";

    // Seconds always printed, fraction only when non-zero: parses back to the same LocalDateTime.
    static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private PostSql() {
    }

    /** Replaces a post's tags (already normalised, so sorted); true if they changed. */
    public static boolean replaceTags(Connection c, PostId id, List<String> tags) throws SQLException {
        long rowId = requireRowId(c, id);
        List<String> current = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tag FROM post_tags WHERE post_id = ? ORDER BY tag")) {
            ps.setLong(1, rowId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    current.add(rs.getString(1));
                }
            }
        }
        if (new java.util.TreeSet<>(current).equals(new java.util.TreeSet<>(tags))) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM post_tags WHERE post_id = ?")) {
            ps.setLong(1, rowId);
            ps.executeUpdate();
        }
        insertTags(c, rowId, tags);
        return true;
    }

    /**
     * Sets a post's precision and moves what others are shown to match: x, y, z become the vector of
     * the shown position (exact for a hidden post, as at insert; see V3), and the R*Tree row follows
     * through the posts_geo_move trigger. True if the precision changed.
     */
    public static boolean setPrecision(Connection c, PostId id, LocationPrecision precision) throws SQLException {
        GeoPoint exact;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT latitude, longitude, location_precision FROM posts WHERE post_id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("post " + id + " does not exist");
                }
                if (LocationPrecision.parse(rs.getString(3)) == precision) {
                    return false;
                }
                exact = GeoPoint.of(rs.getDouble(1), rs.getDouble(2));
            }
        }
        GeoPoint shown = precision.shown(exact);
        double[] v = dev.tanken.geo.SphericalGeometry.unitVector(shown == null ? exact : shown);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE posts SET location_precision = ?, x = ?, y = ?, z = ? WHERE post_id = ?")) {
            ps.setString(1, precision.code());
            ps.setDouble(2, v[0]);
            ps.setDouble(3, v[1]);
            ps.setDouble(4, v[2]);
            ps.setString(5, id.toString());
            ps.executeUpdate();
        }
        return true;
    }

    /** Replaces a post's caption; true if it changed. */
    public static boolean setCaption(Connection c, PostId id, String caption) throws SQLException {
        long rowId = requireRowId(c, id);
        try (PreparedStatement ps = c.prepareStatement("UPDATE posts SET caption = ? WHERE id = ? AND caption IS NOT ?")) {
            ps.setString(1, caption);
            ps.setLong(2, rowId);
            ps.setString(3, caption);
            return ps.executeUpdate() > 0;
        }
    }

    static void insertTags(Connection c, long rowId, List<String> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO post_tags (post_id, tag) VALUES (?, ?)")) {
            for (String tag : tags) {
                ps.setLong(1, rowId);
                ps.setString(2, tag);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The rowid behind a post id. @throws NotFoundException naming the post when it does not exist */
    public static long requireRowId(Connection c, PostId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM posts WHERE post_id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("post " + id + " does not exist");
                }
                return rs.getLong(1);
            }
        }
    }

    public static Optional<Post> find(Connection c, PostId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM " + FROM + " WHERE p.post_id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Many posts in one statement: the ids travel as one JSON array, expanded by json_each, whose key
     * (the array index) gives the caller's order. Ids must already be distinct.
     */
    public static List<Post> findAll(Connection c, Collection<PostId> distinctIds) throws SQLException {
        StringBuilder json = new StringBuilder(distinctIds.size() * 39 + 2).append('[');
        for (PostId id : distinctIds) {
            // UUID text is hex digits and hyphens: nothing to escape.
            json.append(json.length() > 1 ? ",\"" : "\"").append(id).append('"');
        }
        json.append(']');
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM json_each(?) w JOIN posts p ON p.post_id = w.value JOIN users u ON u.id = p.author_id"
                + " ORDER BY w.key")) {
            ps.setString(1, json.toString());
            try (ResultSet rs = ps.executeQuery()) {
                List<Post> posts = new ArrayList<>(distinctIds.size());
                while (rs.next()) {
                    posts.add(read(rs));
                }
                return posts;
            }
        }
    }

    /** Up to {@code limit} of the author's posts, newest first, older than {@code before} if given. */
    public static List<Post> byAuthor(Connection c, UUID authorId, PostId before, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + FROM + " WHERE p.author_id = ?"
                + (before == null ? "" : " AND p.post_id < ?") + " ORDER BY p.post_id DESC LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, authorId.toString());
            if (before != null) {
                ps.setString(i++, before.toString());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Post> posts = new ArrayList<>();
                while (rs.next()) {
                    posts.add(read(rs));
                }
                return posts;
            }
        }
    }

    public static Optional<PostId> findByPicture(Connection c, UUID authorId, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT post_id FROM posts WHERE author_id = ? AND sha256 = ?")) {
            ps.setString(1, authorId.toString());
            ps.setString(2, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(PostId.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** A range of the post_id UNIQUE index: ids are canonical lower-case text, so text order is id order. */
    public static List<PostId> idsBetween(Connection c, PostId lowest, PostId highest, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT post_id FROM posts WHERE post_id BETWEEN ? AND ? ORDER BY post_id LIMIT ?")) {
            ps.setString(1, lowest.toString());
            ps.setString(2, highest.toString());
            ps.setInt(3, limit);
            List<PostId> ids = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(PostId.parse(rs.getString(1)));
                }
            }
            return ids;
        }
    }

    public static boolean isBlobReferenced(Connection c, String blobKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM posts WHERE blob_key = ?1)"
                + " OR EXISTS (SELECT 1 FROM post_variants WHERE blob_key = ?1)"
                + " OR EXISTS (SELECT 1 FROM activity_archives WHERE blob_key = ?1)")) {
            ps.setString(1, blobKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Which of the keys (one JSON array of strings) some post, variant or activity archive refers to. */
    public static Set<String> referencedBlobKeys(Connection c, String keysJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT k.value FROM json_each(?1) k WHERE EXISTS (SELECT 1 FROM posts WHERE blob_key = k.value)
                    OR EXISTS (SELECT 1 FROM post_variants WHERE blob_key = k.value)
                    OR EXISTS (SELECT 1 FROM activity_archives WHERE blob_key = k.value)""")) {
            ps.setString(1, keysJson);
            Set<String> referenced = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    referenced.add(rs.getString(1));
                }
            }
            return referenced;
        }
    }

    /**
     * Deletes a post. Tags, likes, bookmarks and comments go with it through ON DELETE CASCADE
     * (foreign keys are enforced on every connection) and the R*Tree row through a trigger.
     */
    public static Optional<Post> delete(Connection c, PostId id) throws SQLException {
        Optional<Post> post = find(c, id);
        if (post.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM posts WHERE post_id = ?")) {
                ps.setString(1, id.toString());
                ps.executeUpdate();
            }
        }
        return post;
    }

    public static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM posts");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Reads the columns of {@link #COLUMNS} from the current row. */
    public static Post read(ResultSet rs) throws SQLException {
        return SqlValues.mapRow("post", rs, PostSql::map);
    }

    private static Post map(ResultSet rs) throws SQLException {
        String tags = rs.getString("tags");
        String takenLocal = rs.getString("taken_local");
        Integer offset = SqlValues.nullableInt(rs, "taken_offset_seconds");
        TakenAt takenAt = takenLocal == null ? null : new TakenAt(LocalDateTime.parse(takenLocal, LOCAL_TIME),
                offset == null ? null : ZoneOffset.ofTotalSeconds(offset));
        return new Post(
                PostId.parse(rs.getString("post_id")),
                SqlValues.instant(rs.getLong("created_at")),
                new UserRef(SqlValues.uuid(rs, "author_id"), rs.getString("username")),
                rs.getString("caption"),
                new PictureRef(rs.getString("blob_key"), rs.getString("media_type"), rs.getString("sha256"),
                        rs.getInt("width"), rs.getInt("height")),
                new GeoPoint(rs.getDouble("latitude"), rs.getDouble("longitude"),
                        SqlValues.nullableDouble(rs, "altitude")),
                takenAt,
                rs.getLong("likes"),
                rs.getLong("bookmarks"),
                rs.getLong("comments"),
                tags == null ? List.of() : Arrays.asList(tags.split(TAG_SEPARATOR)),
                LocationPrecision.parse(rs.getString("location_precision")),
                VariantColumns.parse(rs.getString("variants")),
                rs.getString("variants_note"));
    }
}
