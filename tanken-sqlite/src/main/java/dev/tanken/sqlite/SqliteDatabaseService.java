package dev.tanken.sqlite;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import dev.tanken.db.internal.Cursors;
import dev.tanken.db.internal.DatabaseFront;
import dev.tanken.blob.internal.IoReasons;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.sqlite.internal.NearbySql;
import dev.tanken.sqlite.internal.PlaceNameSql;
import dev.tanken.sqlite.internal.PostInserter;
import dev.tanken.sqlite.internal.PostSql;
import dev.tanken.sqlite.internal.SocialSql;
import dev.tanken.sqlite.internal.SqliteActivityRows;
import dev.tanken.sqlite.internal.SqliteConnections;
import dev.tanken.sqlite.internal.SqliteInvalidationJournal;
import dev.tanken.sqlite.internal.SqliteSchema;
import dev.tanken.sqlite.internal.UserSql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The embedded {@link DatabaseService}: one SQLite file, no server. WAL mode lets reads run
 * concurrently with the single writer; writes are serialised (see {@link SqliteConnections}).
 * Nearby searches use an R*Tree over the posts' 3-D unit vectors.
 */
public final class SqliteDatabaseService extends DatabaseFront {
    private final SqliteConnections db;
    private final SqliteActivityLog activity;
    private final SqliteInvalidationJournal journal;

    private SqliteDatabaseService(SqliteConnections db, Clock clock) {
        super(clock);
        this.db = db;
        this.activity = SqliteActivityLog.sharing(db);
        this.journal = new SqliteInvalidationJournal(db, clock);
    }

    /**
     * Opens (creating it and its parent directories if needed) the database file and brings its
     * schema up to date. Cheap when the schema is already current: Flyway is started only when a
     * migration is due.
     *
     * @throws InvalidInputException if {@code file} is null or names a directory
     * @throws StorageException if the file cannot be created, opened or migrated
     */
    public static SqliteDatabaseService open(Path file) {
        return open(file, Clock.systemUTC());
    }

    /**
     * As {@link #open(Path)}, taking the times of likes, bookmarks and place names from {@code clock}.
     */
    public static SqliteDatabaseService open(Path file, Clock clock) {
        if (clock == null) {
            throw new InvalidInputException("clock must not be null");
        }
        if (file == null) {
            throw new InvalidInputException("database file must not be null");
        }
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new InvalidInputException("database file " + absolute + " is a directory");
        }
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the directory for the database " + absolute + ": "
                    + IoReasons.reason(e, absolute.getParent()), e);
        }
        SqliteConnections connections = new SqliteConnections(absolute);
        try {
            SqliteSchema.ensureCurrent(connections);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        return new SqliteDatabaseService(connections, clock);
    }

    // ---- writes

    @Override
    protected <T> T inTransaction(String operation, List<Write> writes, Function<Transaction, T> work) {
        return db.write(operation, c -> {
            try (SqliteTransaction tx = new SqliteTransaction(c)) {
                return work.apply(tx);
            } catch (UncheckedSql e) {
                throw e.getCause();
            }
        });
    }

    /** SQLException may not cross the front's lambdas; it travels wrapped and is unwrapped above. */
    private static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /**
     * The statements of one write transaction. A post inserter is prepared on the first create and
     * reused by the rest, so that a batch import costs little more per post than its rows.
     */
    private final class SqliteTransaction implements Transaction, Write.Cases<Applied, SQLException>, AutoCloseable {
        private final Connection c;
        private PostInserter inserter;

        SqliteTransaction(Connection c) {
            this.c = c;
        }

        @Override
        public Applied apply(Write write) {
            try {
                return write.accept(this);
            } catch (SQLException e) {
                throw new UncheckedSql(e);
            }
        }

        @Override
        public Applied createUser(Write.CreateUser w) throws SQLException {
            UserSql.insert(c, w.user());
            return Applied.changed(w);
        }

        @Override
        public Applied setDefaultPrecision(Write.SetDefaultPrecision w) throws SQLException {
            return Applied.of(w, UserSql.setDefaultLocationPrecision(c, w.userId(), w.precision()));
        }

        @Override
        public Applied createPost(Write.CreatePost w) throws SQLException {
            if (inserter == null) {
                inserter = new PostInserter(c);
            }
            inserter.insert(w.post());
            return Applied.changed(w);
        }

        @Override
        public Applied setTags(Write.SetTags w) throws SQLException {
            return Applied.of(w, PostSql.replaceTags(c, w.postId(), w.tags()));
        }

        @Override
        public Applied deletePost(Write.DeletePost w) throws SQLException {
            return Applied.deleted(w, PostSql.delete(c, w.postId()));
        }

        @Override
        public Applied reaction(Write.Reaction w) throws SQLException {
            return Applied.of(w, w.adds() ? SocialSql.add(c, w, clock.instant()) : SocialSql.remove(c, w));
        }

        @Override
        public Applied addComment(Write.AddComment w) throws SQLException {
            SocialSql.addComment(c, w.comment());
            return Applied.changed(w);
        }

        @Override
        public Applied removeComment(Write.RemoveComment w) throws SQLException {
            return Applied.of(w, SocialSql.removeComment(c, w.commentId()));
        }

        @Override
        public Applied setPlaceName(Write.SetPlaceName w) throws SQLException {
            return Applied.of(w, PlaceNameSql.set(c, w.postId(), w.placeName(), clock.instant()));
        }

        @Override
        public Applied setPostPrecision(Write.SetPostPrecision w) throws SQLException {
            return Applied.of(w, PostSql.setPrecision(c, w.postId(), w.precision()));
        }

        @Override
        public Applied setCaption(Write.SetCaption w) throws SQLException {
            return Applied.of(w, PostSql.setCaption(c, w.postId(), w.caption()));
        }

        @Override
        public Applied renameUser(Write.RenameUser w) throws SQLException {
            return Applied.of(w, UserSql.rename(c, w.userId(), w.username()));
        }

        @Override
        public Applied deleteUser(Write.DeleteUser w) throws SQLException {
            return Applied.userDeleted(w, UserSql.delete(c, w.userId()));
        }

        @Override
        public void record(ActivityEntry entry) {
            try {
                SqliteActivityRows.insert(c, entry);
            } catch (SQLException e) {
                throw new UncheckedSql(e);
            }
        }

        @Override
        public void close() throws SQLException {
            if (inserter != null) {
                inserter.close();
            }
        }
    }

    // ---- reads

    @Override
    protected Optional<User> readUser(UUID id) {
        return db.read("find user " + id, c -> UserSql.findById(c, id));
    }

    @Override
    protected Optional<User> readUserByName(String username) {
        return db.read("find user " + username, c -> UserSql.findByName(c, username));
    }

    @Override
    protected List<User> readUsers(UUID after, int fetch) {
        return db.read("list users", c -> UserSql.list(c, after, fetch));
    }

    @Override
    protected List<Post> readPosts(Set<PostId> distinctIds) {
        if (distinctIds.size() == 1) {
            PostId id = distinctIds.iterator().next();
            return db.read("find post " + id, c -> PostSql.find(c, id).map(List::of).orElse(List.of()));
        }
        return db.read("find " + distinctIds.size() + " posts", c -> PostSql.findAll(c, distinctIds));
    }

    @Override
    protected Optional<PostId> readPostByPicture(UUID authorId, String sha256) {
        return db.read("find post by picture " + sha256, c -> PostSql.findByPicture(c, authorId, sha256));
    }

    @Override
    protected List<PostId> readPostIdsBetween(PostId lowest, PostId highest, int limit) {
        return db.read("find post ids from " + lowest, c -> PostSql.idsBetween(c, lowest, highest, limit));
    }

    /** The keys travel as one JSON array, expanded by json_each: one statement however many keys. */
    @Override
    protected Set<String> readReferencedBlobKeys(List<String> distinctKeys) {
        if (distinctKeys.size() == 1) {
            String key = distinctKeys.get(0);
            return db.read("check blob " + key, c -> PostSql.isBlobReferenced(c, key)) ? Set.of(key) : Set.of();
        }
        StringBuilder json = new StringBuilder("[");
        for (String key : distinctKeys) {
            json.append(json.length() > 1 ? ",\"" : "\"");
            for (char ch : key.toCharArray()) {
                if (ch == '"' || ch == '\\') {
                    json.append('\\').append(ch);
                } else if (ch < 0x20) {
                    json.append(String.format("\\u%04x", (int) ch));
                } else {
                    json.append(ch);
                }
            }
            json.append('"');
        }
        json.append(']');
        return db.read("check " + distinctKeys.size() + " blobs",
                c -> PostSql.referencedBlobKeys(c, json.toString()));
    }

    @Override
    protected List<Post> readPostsByUser(UUID authorId, UUID after, int fetch) {
        return db.read("list posts of user " + authorId,
                c -> PostSql.byAuthor(c, authorId, after == null ? null : new PostId(after), fetch));
    }

    @Override
    protected List<NearbyRow> readNearby(GeoPoint center, double radiusMeters, Cursors.NearbyPosition after,
            int fetch, UUID viewerId) {
        return db.read("find posts near " + center,
                c -> NearbySql.rows(c, center, radiusMeters, fetch, after, viewerId)).stream()
                .map(h -> new NearbyRow(h.post(), h.chord())).toList();
    }

    @Override
    protected long readPostCount() {
        return db.read("count posts", PostSql::count);
    }

    @Override
    protected Map<PostId, String> readPlaceNames(Set<PostId> distinctIds) {
        return db.read("find place names of " + distinctIds.size() + " posts", c -> PlaceNameSql.find(c, distinctIds));
    }

    @Override
    protected Optional<Comment> readComment(UUID commentId) {
        return db.read("find comment " + commentId, c -> SocialSql.findComment(c, commentId));
    }

    @Override
    protected List<Comment> readComments(PostId postId, UUID after, int fetch) {
        return db.read("list comments of post " + postId, c -> SocialSql.comments(c, postId, after, fetch));
    }

    @Override
    protected List<BookmarkRow> readBookmarks(UUID userId, Cursors.TimeAndId after, int fetch) {
        return db.read("list bookmarks of user " + userId, c -> SocialSql.bookmarks(c, userId, after, fetch))
                .stream().map(b -> new BookmarkRow(b.post(), b.micros())).toList();
    }

    @Override
    public ActivityLog activityLog() {
        return activity;
    }

    @Override
    public Optional<dev.tanken.db.InvalidationJournal> invalidationJournal() {
        return Optional.of(journal);
    }

    @Override
    protected void release() {
        db.close();
    }

    @Override
    public String toString() {
        return "SQLite database " + db.file();
    }
}
