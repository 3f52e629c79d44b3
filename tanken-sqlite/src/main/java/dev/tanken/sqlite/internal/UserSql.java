package dev.tanken.sqlite.internal;

import static dev.tanken.sqlite.internal.SqlValues.micros;

import dev.tanken.ConflictException;
import dev.tanken.NotFoundException;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
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
