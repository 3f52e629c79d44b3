package dev.tanken.postgres.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.model.Comment;
import dev.tanken.db.internal.VariantColumns;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.TakenAt;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Maps result rows of the statements in {@link PostgresSql} to model records. */
public final class PostgresRows {
    private PostgresRows() {
    }

    public static Post post(ResultSet rs) throws SQLException {
        try {
            return readPost(rs);
        } catch (InvalidInputException | IllegalArgumentException e) {
            throw corrupt("post " + rs.getString("post_id"), e);
        }
    }

    public static User user(ResultSet rs) throws SQLException {
        try {
            return readUser(rs);
        } catch (InvalidInputException e) {
            throw corrupt("user " + rs.getString("id"), e);
        }
    }

    public static Comment comment(ResultSet rs) throws SQLException {
        try {
            return readComment(rs);
        } catch (InvalidInputException e) {
            throw corrupt("comment " + rs.getString("id"), e);
        }
    }

    /** A row the model rejects was written by something other than Tanken: not the caller's fault. */
    private static StorageException corrupt(String what, RuntimeException e) {
        return new StorageException("PostgreSQL: stored " + what + " is not valid: " + e.getMessage(), e);
    }

    private static Post readPost(ResultSet rs) throws SQLException {
        UserRef author = new UserRef(rs.getObject("author_id", UUID.class), rs.getString("username"));
        PictureRef picture = new PictureRef(rs.getString("blob_key"), rs.getString("media_type"),
                rs.getString("sha256"), rs.getInt("width"), rs.getInt("height"));
        GeoPoint location = new GeoPoint(rs.getDouble("latitude"), rs.getDouble("longitude"),
                rs.getObject("altitude", Double.class));
        LocalDateTime takenLocal = rs.getObject("taken_local", LocalDateTime.class);
        Integer offsetSeconds = rs.getObject("taken_offset_seconds", Integer.class);
        TakenAt takenAt = takenLocal == null ? null
                : new TakenAt(takenLocal, offsetSeconds == null ? null : ZoneOffset.ofTotalSeconds(offsetSeconds));
        return new Post(new PostId(rs.getObject("post_id", UUID.class)), instant(rs, "created_at"), author,
                rs.getString("caption"), picture, location, takenAt, rs.getLong("likes"), rs.getLong("bookmarks"),
                rs.getLong("comments"), strings(rs.getArray("tags")),
                LocationPrecision.parse(rs.getString("location_precision")),
                VariantColumns.parse(rs.getString("variants")), rs.getString("variants_note"));
    }

    private static User readUser(ResultSet rs) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("email"),
                rs.getString("bio"), rs.getString("profile_picture_link"), rs.getString("oauth_provider"),
                instant(rs, "created_at"), instant(rs, "last_login"), rs.getBoolean("subscribed"),
                LocationPrecision.parse(rs.getString("default_location_precision")));
    }

    private static Comment readComment(ResultSet rs) throws SQLException {
        return new Comment(rs.getObject("id", UUID.class), new PostId(rs.getObject("post_id", UUID.class)),
                new UserRef(rs.getObject("author_id", UUID.class), rs.getString("username")),
                instant(rs, "created_at"), rs.getString("text"));
    }

    /** A timestamptz as an Instant, independent of the JVM's and the session's time zone. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The value to bind for a timestamptz parameter (pgjdbc sends OffsetDateTime with its offset). */
    public static OffsetDateTime timestamptz(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }
}
