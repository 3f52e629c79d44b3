package dev.tanken.seed.internal;

import dev.tanken.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/** Likes and comments by prepared-statement batches, one immediate transaction per chunk. */
public final class SqliteSocialLoader implements SocialLoader {
    private final Connection connection;

    public SqliteSocialLoader(Path file) {
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA foreign_keys = ON");
            }
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new StorageException("SQLite: cannot open " + file + " for bulk loading: " + e.getMessage(), e);
        }
    }

    @Override
    public void load(List<UUID> posts, List<Like> likes, List<NewComment> comments) {
        if (likes.isEmpty() && comments.isEmpty()) {
            return;
        }
        try (Statement tx = connection.createStatement()) {
            tx.execute("BEGIN IMMEDIATE");
            try {
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT INTO likes (post_id, user_id, created_at) SELECT id, ?, ? FROM posts WHERE post_id = ?")) {
                    for (Like like : likes) {
                        ps.setString(1, like.userId().toString());
                        ps.setLong(2, like.createdMicros());
                        ps.setString(3, like.postId().toString());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO comments (id, post_id, author_id,"
                        + " created_at, text) SELECT ?, id, ?, ?, ? FROM posts WHERE post_id = ?")) {
                    for (NewComment c : comments) {
                        ps.setString(1, c.id().toString());
                        ps.setString(2, c.authorId().toString());
                        ps.setLong(3, c.createdMicros());
                        ps.setString(4, c.text());
                        ps.setString(5, c.postId().toString());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = connection.prepareStatement("UPDATE posts SET"
                        + " likes = (SELECT count(*) FROM likes l WHERE l.post_id = posts.id),"
                        + " comments = (SELECT count(*) FROM comments c WHERE c.post_id = posts.id)"
                        + " WHERE post_id = ?")) {
                    for (UUID post : posts) {
                        ps.setString(1, post.toString());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                tx.execute("COMMIT");
            } catch (SQLException e) {
                tx.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("SQLite: bulk load of likes and comments failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("SQLite: closing the bulk-load connection failed: " + e.getMessage(), e);
        }
    }
}
