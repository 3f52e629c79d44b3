package dev.tanken.sqlite.internal;

import dev.tanken.ConflictException;
import dev.tanken.DuplicatePostException;
import dev.tanken.NotFoundException;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.TakenAt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.sqlite.SQLiteErrorCode;

/**
 * Inserts posts with their tags, reusing its prepared statements across posts so that a batch import
 * in one transaction costs little more per post than the rows themselves. Must be used inside a write
 * transaction: the author and duplicate checks are race-free only because no other writer can run
 * between the check and the insert. The R*Tree row is added by a trigger in the same transaction.
 */
public final class PostInserter implements AutoCloseable {
    private final PreparedStatement author;
    private final PreparedStatement duplicate;
    private final PreparedStatement insert;
    private final PreparedStatement tag;
    private final PreparedStatement variant;
    private final Set<UUID> knownAuthors = new HashSet<>();

    public PostInserter(Connection c) throws SQLException {
        this.author = c.prepareStatement("SELECT 1 FROM users WHERE id = ?");
        this.duplicate = c.prepareStatement("SELECT post_id FROM posts WHERE author_id = ? AND sha256 = ?");
        this.insert = c.prepareStatement("""
                INSERT INTO posts (post_id, author_id, created_at, caption, blob_key, media_type, sha256, width,
                    height, latitude, longitude, altitude, taken_local, taken_offset_seconds, x, y, z,
                    location_precision, variants_note, ex, ey, ez)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""");
        this.tag = c.prepareStatement("INSERT INTO post_tags (post_id, tag) VALUES (?, ?)");
        this.variant = c.prepareStatement("INSERT INTO post_variants (post_id, size, blob_key, media_type, sha256,"
                + " width, height) VALUES (?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * @throws NotFoundException if the author does not exist
     * @throws DuplicatePostException if the author already has a post of this picture
     * @throws ConflictException if the post id is taken
     */
    public void insert(Post post) throws SQLException {
        requireAuthor(post.author().id());
        duplicate.setString(1, post.author().id().toString());
        duplicate.setString(2, post.picture().sha256());
        try (ResultSet rs = duplicate.executeQuery()) {
            if (rs.next()) {
                throw new DuplicatePostException(PostId.parse(rs.getString(1)));
            }
        }
        long rowId = insertRow(post);
        for (String t : post.tags()) {
            tag.setLong(1, rowId);
            tag.setString(2, t);
            tag.addBatch();
        }
        if (!post.tags().isEmpty()) {
            tag.executeBatch();
        }
        for (PictureVariant v : post.variants()) {
            variant.setLong(1, rowId);
            variant.setString(2, v.size().code());
            variant.setString(3, v.blobKey());
            variant.setString(4, v.mediaType());
            variant.setString(5, v.sha256());
            variant.setInt(6, v.width());
            variant.setInt(7, v.height());
            variant.addBatch();
        }
        if (!post.variants().isEmpty()) {
            variant.executeBatch();
        }
    }

    private void requireAuthor(UUID id) throws SQLException {
        if (knownAuthors.contains(id)) {
            return;
        }
        author.setString(1, id.toString());
        try (ResultSet rs = author.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException("user " + id + " does not exist");
            }
        }
        knownAuthors.add(id);
    }

    private long insertRow(Post post) throws SQLException {
        PictureRef pic = post.picture();
        GeoPoint at = post.location();
        double[] exact = SphericalGeometry.unitVector(at);
        // x, y, z: what others are shown (see V3); a hidden post's stay exact, it has no R*Tree row.
        GeoPoint shown = post.locationPrecision().shown(at);
        double[] v = shown == null ? exact : SphericalGeometry.unitVector(shown);
        insert.setString(1, post.id().toString());
        insert.setString(2, post.author().id().toString());
        insert.setLong(3, SqlValues.micros(post.createdAt()));
        insert.setString(4, post.caption());
        insert.setString(5, pic.blobKey());
        insert.setString(6, pic.mediaType());
        insert.setString(7, pic.sha256());
        insert.setInt(8, pic.width());
        insert.setInt(9, pic.height());
        insert.setDouble(10, at.latitude());
        insert.setDouble(11, at.longitude());
        SqlValues.setNullableDouble(insert, 12, at.altitude());
        TakenAt taken = post.takenAt();
        if (taken == null) {
            insert.setNull(13, Types.VARCHAR);
            insert.setNull(14, Types.INTEGER);
        } else {
            insert.setString(13, PostSql.LOCAL_TIME.format(taken.localDateTime()));
            SqlValues.setNullableInt(insert, 14, taken.offset() == null ? null : taken.offset().getTotalSeconds());
        }
        insert.setDouble(15, v[0]);
        insert.setDouble(16, v[1]);
        insert.setDouble(17, v[2]);
        insert.setString(18, post.locationPrecision().code());
        insert.setString(19, post.variantsNote());
        insert.setDouble(20, exact[0]);
        insert.setDouble(21, exact[1]);
        insert.setDouble(22, exact[2]);
        try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if (SqlErrors.is(e, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
                throw new ConflictException("post " + post.id() + " clashes with an existing post: " + e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (PreparedStatement ps : List.of(author, duplicate, insert, tag, variant)) {
            try {
                ps.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
