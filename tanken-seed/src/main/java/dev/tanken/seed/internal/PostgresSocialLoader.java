package dev.tanken.seed.internal;

import dev.tanken.StorageException;
import dev.tanken.postgres.internal.PostgresUrl;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** Likes and comments by {@code COPY} (text format) on a connection of its own, one transaction per chunk. */
public final class PostgresSocialLoader implements SocialLoader {
    private static final String SET_COUNTERS = """
            UPDATE posts p SET likes = coalesce(l.n, 0), comments = coalesce(c.n, 0)
            FROM unnest(?::uuid[]) AS chunk(post_id)
            LEFT JOIN (SELECT post_id, count(*) AS n FROM likes WHERE post_id = ANY(?::uuid[]) GROUP BY post_id) l
                   ON l.post_id = chunk.post_id
            LEFT JOIN (SELECT post_id, count(*) AS n FROM comments WHERE post_id = ANY(?::uuid[]) GROUP BY post_id) c
                   ON c.post_id = chunk.post_id
            WHERE p.post_id = chunk.post_id AND (l.n IS NOT NULL OR c.n IS NOT NULL)""";

    private final Connection connection;
    private final CopyManager copy;

    public PostgresSocialLoader(String url) {
        PostgresUrl u = PostgresUrl.parse(url);
        Properties props = u.connectionProperties();
        try {
            connection = DriverManager.getConnection(u.jdbcUrl(), props);
            try (Statement s = connection.createStatement()) {
                s.execute("SET search_path TO " + PostgresUrl.quoteIdentifier(u.schema()));
            }
            connection.setAutoCommit(false);
            copy = connection.unwrap(PGConnection.class).getCopyAPI();
        } catch (SQLException e) {
            throw new StorageException("PostgreSQL: cannot open a bulk-load connection to " + u.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void load(List<UUID> posts, List<Like> likes, List<NewComment> comments) {
        try {
            if (!likes.isEmpty()) {
                StringBuilder rows = new StringBuilder(likes.size() * 100);
                for (Like like : likes) {
                    rows.append(like.postId()).append('\t').append(like.userId()).append('\t')
                            .append(timestamp(like.createdMicros())).append('\n');
                }
                copyIn("COPY likes (post_id, user_id, created_at) FROM STDIN", rows);
            }
            if (!comments.isEmpty()) {
                StringBuilder rows = new StringBuilder(comments.size() * 140);
                for (NewComment c : comments) {
                    // Generated texts hold no tab, newline or backslash, so they need no escaping.
                    rows.append(c.id()).append('\t').append(c.postId()).append('\t').append(c.authorId())
                            .append('\t').append(timestamp(c.createdMicros())).append('\t').append(c.text())
                            .append('\n');
                }
                copyIn("COPY comments (id, post_id, author_id, created_at, text) FROM STDIN", rows);
            }
            if (!likes.isEmpty() || !comments.isEmpty()) {
                try (PreparedStatement ps = connection.prepareStatement(SET_COUNTERS)) {
                    UUID[] ids = posts.toArray(UUID[]::new);
                    for (int i = 1; i <= 3; i++) {
                        ps.setArray(i, connection.createArrayOf("uuid", ids));
                    }
                    ps.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | java.io.IOException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // The connection is broken; the error below says why.
            }
            throw new StorageException("PostgreSQL: bulk load of likes and comments failed: " + e.getMessage(), e);
        }
    }

    private void copyIn(String sql, StringBuilder rows) throws SQLException, java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.length() + 16);
        bytes.writeBytes(rows.toString().getBytes(StandardCharsets.UTF_8));
        copy.copyIn(sql, new java.io.ByteArrayInputStream(bytes.toByteArray()));
    }

    private static String timestamp(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)
                .toString();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("PostgreSQL: closing the bulk-load connection failed: " + e.getMessage(), e);
        }
    }
}
