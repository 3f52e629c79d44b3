package dev.tanken.sqlite.internal;

import dev.tanken.ConflictException;
import dev.tanken.db.Write;
import dev.tanken.db.internal.Cursors;
import dev.tanken.model.Comment;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.UserRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.sqlite.SQLiteErrorCode;

/**
 * Likes, bookmarks and comments with the posts' counters. Every write changes a counter only when a
 * row was really inserted or deleted, in the same transaction, so counters always equal row counts.
 */
public final class SocialSql {
    private static final String COMMENT_COLUMNS = "c.id, p.post_id, c.author_id, u.username, c.created_at, c.text";
    private static final String COMMENT_FROM =
            "comments c JOIN posts p ON p.id = c.post_id JOIN users u ON u.id = c.author_id";

    private SocialSql() {
    }

    /** The table of a reaction's rows, which is also the name of the post's counter column. */
    private static String table(Write.Reaction r) {
        return r.isLike() ? "likes" : "bookmarks";
    }

    /** Adds the like or bookmark made at {@code at}; true if it was not there yet. Must run in a write transaction. */
    public static boolean add(Connection c, Write.Reaction r, Instant at) throws SQLException {
        long rowId = PostSql.requireRowId(c, r.postId());
        UserSql.requireExists(c, r.userId());
        int inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(r)
                + " (post_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, rowId);
            ps.setString(2, r.userId().toString());
            ps.setLong(3, SqlValues.micros(at));
            inserted = ps.executeUpdate();
        }
        if (inserted == 1) {
            bump(c, table(r), rowId, +1);
        }
        return inserted == 1;
    }

    /** Removes the like or bookmark; true if it was there. Must run in a write transaction. */
    public static boolean remove(Connection c, Write.Reaction r) throws SQLException {
        long rowId = PostSql.requireRowId(c, r.postId());
        UserSql.requireExists(c, r.userId());
        int deleted;
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + table(r) + " WHERE post_id = ? AND user_id = ?")) {
            ps.setLong(1, rowId);
            ps.setString(2, r.userId().toString());
            deleted = ps.executeUpdate();
        }
        if (deleted == 1) {
            bump(c, table(r), rowId, -1);
        }
        return deleted == 1;
    }

    public static void addComment(Connection c, Comment comment) throws SQLException {
        long rowId = PostSql.requireRowId(c, comment.postId());
        UserSql.requireExists(c, comment.author().id());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO comments (id, post_id, author_id, created_at, text) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, comment.id().toString());
            ps.setLong(2, rowId);
            ps.setString(3, comment.author().id().toString());
            ps.setLong(4, SqlValues.micros(comment.createdAt()));
            ps.setString(5, comment.text());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.is(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)
                    || SqlErrors.is(e, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
                throw new ConflictException("a comment with id " + comment.id() + " already exists");
            }
            throw e;
        }
        bump(c, "comments", rowId, +1);
    }

    /** Deletes a comment and decrements its post's counter; true if it existed. */
    public static boolean removeComment(Connection c, UUID commentId) throws SQLException {
        Long rowId = null;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM comments WHERE id = ? RETURNING post_id")) {
            ps.setString(1, commentId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    rowId = rs.getLong(1);
                }
            }
        }
        if (rowId == null) {
            return false;
        }
        bump(c, "comments", rowId, -1);
        return true;
    }

    public static Optional<Comment> findComment(Connection c, UUID commentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COMMENT_COLUMNS + " FROM " + COMMENT_FROM + " WHERE c.id = ?")) {
            ps.setString(1, commentId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readComment(rs)) : Optional.empty();
            }
        }
    }

    /** Up to {@code limit} comments of a post, oldest first, after the comment {@code after} if given. */
    public static List<Comment> comments(Connection c, PostId postId, UUID after, int limit) throws SQLException {
        String sql = "SELECT " + COMMENT_COLUMNS + " FROM " + COMMENT_FROM + " WHERE p.post_id = ?"
                + (after == null ? "" : " AND c.id > ?") + " ORDER BY c.id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, postId.toString());
            if (after != null) {
                ps.setString(i++, after.toString());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Comment> comments = new ArrayList<>();
                while (rs.next()) {
                    comments.add(readComment(rs));
                }
                return comments;
            }
        }
    }

    /** A bookmarked post with the time of the bookmark (the sort key of a user's bookmarks). */
    public record Bookmarked(Post post, long micros) {
    }

    /** Up to {@code limit} posts the user bookmarked, most recent bookmark first, after {@code after}. */
    public static List<Bookmarked> bookmarks(Connection c, UUID userId, Cursors.TimeAndId after, int limit)
            throws SQLException {
        String sql = "SELECT " + PostSql.COLUMNS + ", b.created_at AS bookmarked_at"
                + " FROM bookmarks b JOIN posts p ON p.id = b.post_id JOIN users u ON u.id = p.author_id"
                + " WHERE b.user_id = ?"
                + (after == null ? "" : " AND (b.created_at, p.post_id) < (?, ?)")
                + " ORDER BY b.created_at DESC, p.post_id DESC LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, userId.toString());
            if (after != null) {
                ps.setLong(i++, after.micros());
                ps.setString(i++, after.id().toString());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Bookmarked> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Bookmarked(PostSql.read(rs), rs.getLong("bookmarked_at")));
                }
                return out;
            }
        }
    }

    private static void bump(Connection c, String counter, long rowId, int delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE posts SET " + counter + " = " + counter + " + ? WHERE id = ?")) {
            ps.setInt(1, delta);
            ps.setLong(2, rowId);
            ps.executeUpdate();
        }
    }

    private static Comment readComment(ResultSet rs) throws SQLException {
        return SqlValues.mapRow("comment", rs, SocialSql::mapComment);
    }

    private static Comment mapComment(ResultSet rs) throws SQLException {
        return new Comment(
                SqlValues.uuid(rs, "id"),
                PostId.parse(rs.getString("post_id")),
                new UserRef(SqlValues.uuid(rs, "author_id"), rs.getString("username")),
                SqlValues.instant(rs.getLong("created_at")),
                rs.getString("text"));
    }
}
