package dev.tanken.sqlite.internal;

import static dev.tanken.sqlite.internal.SqlValues.micros;

import dev.tanken.ConflictException;
import dev.tanken.NotFoundException;
import dev.tanken.db.UserRemoval;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.sqlite.SQLiteErrorCode;

/** The users table. */
public final class UserSql {
    private static final String COLUMNS = "id, username, email, bio, profile_picture_link, oauth_provider, "
            + "created_at, last_login, subscribed, default_location_precision";

    private UserSql() {
    }

    /** Inserts a user; must run in a write transaction (the clash checks rely on it). */
    public static void insert(Connection c, User u) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id = ?1, username = ?2 FROM users WHERE id = ?1 OR username = ?2 LIMIT 1")) {
            ps.setString(1, u.id().toString());
            ps.setString(2, u.username());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw rs.getBoolean(2)
                            ? new ConflictException("username '" + u.username() + "' is already taken")
                            : new ConflictException("a user with id " + u.id() + " already exists");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, u.id().toString());
            ps.setString(2, u.username());
            ps.setString(3, u.email());
            ps.setString(4, u.bio());
            ps.setString(5, u.profilePictureLink());
            ps.setString(6, u.oauthProvider());
            ps.setLong(7, micros(u.createdAt()));
            SqlValues.setNullableMicros(ps, 8, u.lastLogin());
            ps.setInt(9, u.subscribed() ? 1 : 0);
            ps.setString(10, u.defaultLocationPrecision().code());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.is(e, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)
                    || SqlErrors.is(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                throw new ConflictException("user '" + u.username() + "' (" + u.id()
                        + ") clashes with an existing user");
            }
            throw e;
        }
    }

    /** True if the precision changed. @throws NotFoundException naming the user when there is no such user */
    public static boolean setDefaultLocationPrecision(Connection c, UUID id, LocationPrecision precision)
            throws SQLException {
        requireExists(c, id);
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET default_location_precision = ?"
                + " WHERE id = ? AND default_location_precision IS NOT ?")) {
            ps.setString(1, precision.code());
            ps.setString(2, id.toString());
            ps.setString(3, precision.code());
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Renames a user; true if the name changed. Must run in a write transaction (the clash check
     * relies on it).
     */
    public static boolean rename(Connection c, UUID id, String username) throws SQLException {
        User user = findById(c, id).orElseThrow(() -> new NotFoundException("user " + id + " does not exist"));
        if (user.username().equals(username)) {
            return false;
        }
        if (findByName(c, username).isPresent()) {
            throw new ConflictException("username '" + username + "' is already taken");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET username = ? WHERE id = ?")) {
            ps.setString(1, username);
            ps.setString(2, id.toString());
            ps.executeUpdate();
        }
        return true;
    }

    /**
     * Deletes a user with their posts, and their likes, bookmarks and comments on other users' posts,
     * whose counters drop by what the user had there; empty if there is no such user.
     */
    public static Optional<UserRemoval> delete(Connection c, UUID id) throws SQLException {
        Optional<User> user = findById(c, id);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String uid = id.toString();
        List<Post> posts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PostSql.COLUMNS + " FROM " + PostSql.FROM
                + " WHERE p.author_id = ? ORDER BY p.post_id")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    posts.add(PostSql.read(rs));
                }
            }
        }
        Set<PostId> recounted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.post_id FROM posts p WHERE p.author_id <> ?1
                    AND (p.id IN (SELECT post_id FROM likes WHERE user_id = ?1)
                      OR p.id IN (SELECT post_id FROM bookmarks WHERE user_id = ?1)
                      OR p.id IN (SELECT post_id FROM comments WHERE author_id = ?1))""")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recounted.add(PostId.parse(rs.getString(1)));
                }
            }
        }
        long[] removed = new long[3];
        String[][] kinds = {{"likes", "user_id"}, {"bookmarks", "user_id"}, {"comments", "author_id"}};
        for (int k = 0; k < kinds.length; k++) {
            String table = kinds[k][0];
            String who = kinds[k][1];
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " x JOIN posts p"
                    + " ON p.id = x.post_id WHERE x." + who + " = ?1 AND p.author_id <> ?1")) {
                ps.setString(1, uid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    removed[k] = rs.getLong(1);
                }
            }
            // The user's own posts go below with everything on them: only others' posts are recounted.
            try (PreparedStatement ps = c.prepareStatement("UPDATE posts SET " + table + " = " + table
                    + " - (SELECT count(*) FROM " + table + " x WHERE x.post_id = posts.id AND x." + who + " = ?1)"
                    + " WHERE author_id <> ?1 AND id IN (SELECT post_id FROM " + table + " WHERE " + who + " = ?1)")) {
                ps.setString(1, uid);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + who + " = ?")) {
                ps.setString(1, uid);
                ps.executeUpdate();
            }
        }
        // Tags, variants, place names and others' reactions and comments go with the posts (ON DELETE
        // CASCADE), their R*Tree rows through a trigger.
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM posts WHERE author_id = ?")) {
            ps.setString(1, uid);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
            ps.setString(1, uid);
            ps.executeUpdate();
        }
        return Optional.of(new UserRemoval(user.get(), posts, recounted, removed[0], removed[1], removed[2]));
    }

    public static Optional<User> findById(Connection c, UUID id) throws SQLException {
        return findOne(c, "id", id.toString());
    }

    public static Optional<User> findByName(Connection c, String username) throws SQLException {
        return findOne(c, "username", username);
    }

    /** Up to {@code fetch} users with an id above {@code after} (all when null), by id: ids are stored lowercase, so text order is UUID order. */
    public static java.util.List<User> list(Connection c, UUID after, int fetch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users"
                + (after == null ? "" : " WHERE id > ?") + " ORDER BY id LIMIT ?")) {
            int i = 1;
            if (after != null) {
                ps.setString(i++, after.toString());
            }
            ps.setInt(i, fetch);
            java.util.List<User> users = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(read(rs));
                }
            }
            return users;
        }
    }

    /** @throws NotFoundException naming the user when there is no such user */
    public static void requireExists(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("user " + id + " does not exist");
                }
            }
        }
    }

    private static Optional<User> findOne(Connection c, String keyColumn, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM users WHERE " + keyColumn + " = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static User read(ResultSet rs) throws SQLException {
        return SqlValues.mapRow("user", rs, UserSql::map);
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(
                SqlValues.uuid(rs, "id"),
                rs.getString("username"),
                rs.getString("email"),
                rs.getString("bio"),
                rs.getString("profile_picture_link"),
                rs.getString("oauth_provider"),
                SqlValues.instant(rs.getLong("created_at")),
                SqlValues.nullableInstant(rs, "last_login"),
                rs.getInt("subscribed") != 0,
                LocationPrecision.parse(rs.getString("default_location_precision")));
    }
}
