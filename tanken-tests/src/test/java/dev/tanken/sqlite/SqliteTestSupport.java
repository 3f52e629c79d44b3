package dev.tanken.sqlite;

import dev.tanken.db.DatabaseService;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.UserRef;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/** Fixtures for the SQLite-specific tests: posts with random pictures and raw JDBC access. */
final class SqliteTestSupport {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SqliteTestSupport() {
    }

    static PictureRef randomPicture() {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        String sha = HexFormat.of().formatHex(digest);
        return new PictureRef(sha, "image/jpeg", sha, 640, 480);
    }

    static Post post(DatabaseService db, UserRef author, double lat, double lon) {
        Post p = Post.create(author, "", randomPicture(), GeoPoint.of(lat, lon), null, List.of());
        db.createPost(p);
        return p;
    }

    /** A plain connection to the file, bypassing the service, to look at what it stored. */
    static Connection raw(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static long count(Path file, String sql) throws SQLException {
        try (Connection c = raw(file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(Path file, String sql) throws SQLException {
        try (Connection c = raw(file); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
