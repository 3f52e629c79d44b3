package dev.tanken.sqlite.internal;

import dev.tanken.model.PostId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The user-chosen place names of posts (migration V5). */
public final class PlaceNameSql {
    private PlaceNameSql() {
    }

    /**
     * Sets or (name null) removes a post's place name; true if the stored name changed.
     *
     * @throws dev.tanken.NotFoundException for an unknown post
     */
    public static boolean set(Connection c, PostId id, String name, Instant at) throws SQLException {
        long rowId = PostSql.requireRowId(c, id);
        if (name == null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM post_place_names WHERE post_id = ?")) {
                ps.setLong(1, rowId);
                return ps.executeUpdate() > 0;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO post_place_names (post_id, name, updated_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (post_id) DO UPDATE SET name = excluded.name,"
                + " updated_at = excluded.updated_at WHERE name IS NOT excluded.name")) {
            ps.setLong(1, rowId);
            ps.setString(2, name);
            ps.setLong(3, ChronoUnit.MICROS.between(Instant.EPOCH, at));
            return ps.executeUpdate() > 0;
        }
    }

    public static Map<PostId, String> find(Connection c, Collection<PostId> distinctIds) throws SQLException {
        StringBuilder json = new StringBuilder(distinctIds.size() * 39 + 2).append('[');
        for (PostId id : distinctIds) {
            // UUID text is hex digits and hyphens: nothing to escape.
            json.append(json.length() > 1 ? ",\"" : "\"").append(id).append('"');
        }
        json.append(']');
        try (PreparedStatement ps = c.prepareStatement("SELECT p.post_id, n.name FROM json_each(?) w"
                + " JOIN posts p ON p.post_id = w.value JOIN post_place_names n ON n.post_id = p.id")) {
            ps.setString(1, json.toString());
            try (ResultSet rs = ps.executeQuery()) {
                Map<PostId, String> names = new HashMap<>();
                while (rs.next()) {
                    names.put(PostId.parse(rs.getString(1)), rs.getString(2));
                }
                return names;
            }
        }
    }
}
