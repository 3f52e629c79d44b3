package dev.tanken.sqlite;

import dev.tanken.ConflictException;
import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.sqlite.SqliteActivityLog;
import dev.tanken.sqlite.internal.SqliteActivityRows;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.db.Reaction;
import dev.tanken.db.internal.Cursors;
import dev.tanken.sqlite.internal.NearbySql;
import dev.tanken.sqlite.internal.PlaceNameSql;
import dev.tanken.sqlite.internal.PostInserter;
import dev.tanken.sqlite.internal.PostSql;
import dev.tanken.sqlite.internal.SocialSql;
import dev.tanken.sqlite.internal.SocialSql.Mark;
import dev.tanken.sqlite.internal.SqliteConnections;
import dev.tanken.sqlite.internal.SqliteSchema;
import dev.tanken.sqlite.internal.UserSql;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.geocode.PlaceNames;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.Validation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The embedded {@link DatabaseService}: one SQLite file, no server. WAL mode lets reads run
 * concurrently with the single writer; writes are serialised (see {@link SqliteConnections}).
 * Nearby searches use an R*Tree over the posts' 3-D unit vectors.
 */
public final class SqliteDatabaseService implements DatabaseService {
    private final SqliteConnections db;
    private final SqliteActivityLog activity;

    private SqliteDatabaseService(SqliteConnections db) {
        this.db = db;
        this.activity = SqliteActivityLog.sharing(db);
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
            throw new StorageException("cannot create the directory for the database " + absolute + ": " + e, e);
        }
        SqliteConnections connections = new SqliteConnections(absolute);
        try {
            SqliteSchema.ensureCurrent(connections);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        return new SqliteDatabaseService(connections);
    }

    // ---- users

    @Override
    public User createUser(User user, ActivityEntry entry) {
        require(user, "user");
        db.write("create user " + user.username(), c -> {
            UserSql.insert(c, user);
            record(c, entry);
            return null;
        });
        return user;
    }

    @Override
    public Optional<User> findUser(UUID id) {
        require(id, "user id");
        return db.read("find user " + id, c -> UserSql.findById(c, id));
    }

    @Override
    public Optional<User> findUserByName(String username) {
        Validation.username(username);
        return db.read("find user " + username, c -> UserSql.findByName(c, username));
    }

    @Override
    public void setDefaultLocationPrecision(UUID userId, LocationPrecision precision, ActivityEntry entry) {
        require(userId, "user id");
        require(precision, "location precision");
        db.write("set the default location precision of user " + userId, c -> {
            UserSql.setDefaultLocationPrecision(c, userId, precision);
            record(c, entry);
            return null;
        });
    }

    // ---- posts

    @Override
    public void createPost(Post post, ActivityEntry entry) {
        requireNew(post);
        db.write("create post " + post.id(), c -> {
            try (PostInserter inserter = new PostInserter(c)) {
                inserter.insert(post);
            }
            record(c, entry);
            return null;
        });
    }

    /** All in one transaction: a duplicate or a missing author anywhere rejects the whole batch. */
    @Override
    public void createPosts(Collection<Post> posts) {
        require(posts, "posts");
        List<Post> batch = new ArrayList<>(posts.size());
        Map<String, PostId> pictures = new HashMap<>();
        Set<PostId> ids = new HashSet<>();
        for (Post post : posts) {
            batch.add(requireNew(post));
            // Caught here rather than by the database so the message names both posts of the batch,
            // neither of which will exist after the rollback.
            PostId other = pictures.putIfAbsent(post.author().id() + "/" + post.picture().sha256(), post.id());
            if (other != null) {
                throw new ConflictException("posts " + other + " and " + post.id() + " of the same batch are the "
                        + "same picture by the same author");
            }
            if (!ids.add(post.id())) {
                throw new ConflictException("post id " + post.id() + " appears twice in the batch");
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        db.write("create " + batch.size() + " posts", c -> {
            try (PostInserter inserter = new PostInserter(c)) {
                for (Post post : batch) {
                    inserter.insert(post);
                }
            }
            return null;
        });
    }

    private static Post requireNew(Post post) {
        require(post, "post");
        require(post.location(), "post location");
        if (post.likes() != 0 || post.bookmarks() != 0 || post.comments() != 0) {
            throw new InvalidInputException("a new post must have zero likes, bookmarks and comments, got post "
                    + post.id() + " with " + post.likes() + ", " + post.bookmarks() + " and " + post.comments());
        }
        return post;
    }

    @Override
    public Optional<Post> findPost(PostId id) {
        require(id, "post id");
        return db.read("find post " + id, c -> PostSql.find(c, id));
    }

    @Override
    public List<Post> findPosts(Collection<PostId> ids) {
        require(ids, "post ids");
        LinkedHashSet<PostId> distinct = new LinkedHashSet<>();
        for (PostId id : ids) {
            distinct.add(require(id, "post id"));
        }
        if (distinct.isEmpty()) {
            return List.of();
        }
        return db.read("find " + distinct.size() + " posts", c -> PostSql.findAll(c, distinct));
    }

    @Override
    public Optional<PostId> findPostByPicture(UUID authorId, String sha256) {
        require(authorId, "author id");
        Validation.sha256(sha256);
        return db.read("find post by picture " + sha256, c -> PostSql.findByPicture(c, authorId, sha256));
    }

    @Override
    public boolean isBlobReferenced(String blobKey) {
        if (blobKey == null || blobKey.isBlank()) {
            throw new InvalidInputException("blob key must not be empty");
        }
        return db.read("check blob " + blobKey, c -> PostSql.isBlobReferenced(c, blobKey));
    }

    /** The keys travel as one JSON array, expanded by json_each: one statement however many keys. */
    @Override
    public Set<String> referencedBlobKeys(Collection<String> blobKeys) {
        require(blobKeys, "blob keys");
        StringBuilder json = new StringBuilder("[");
        for (String key : blobKeys) {
            require(key, "blob key");
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
        if (json.length() == 2) {
            return Set.of();
        }
        return db.read("check " + blobKeys.size() + " blobs", c -> PostSql.referencedBlobKeys(c, json.toString()));
    }

    @Override
    public Page<Post> postsByUser(UUID authorId, int limit, String cursor) {
        require(authorId, "author id");
        Page.requireLimit(limit);
        PostId before = cursor == null ? null : new PostId(Cursors.parseAfterId(cursor));
        if (limit == 0) {
            return Page.empty();
        }
        List<Post> posts = db.read("list posts of user " + authorId,
                c -> PostSql.byAuthor(c, authorId, before, limit + 1));
        return posts.size() > limit
                ? new Page<>(posts.subList(0, limit), Cursors.afterPost(posts.get(limit - 1).id()))
                : new Page<>(posts, null);
    }

    @Override
    public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId) {
        require(center, "centre");
        SphericalGeometry.requireRadius(radiusMeters);
        Page.requireLimit(limit);
        Cursors.NearbyPosition after = cursor == null ? null : Cursors.parseNearby(cursor);
        if (limit == 0) {
            return Page.empty();
        }
        return db.read("find posts near " + center,
                c -> NearbySql.page(c, center, radiusMeters, limit, after, viewerId));
    }

    @Override
    public void setTags(PostId postId, Collection<String> tags, ActivityEntry entry) {
        require(postId, "post id");
        require(tags, "tags");
        List<String> normalised = Validation.tags(tags);
        db.write("set tags of post " + postId, c -> {
            PostSql.replaceTags(c, postId, normalised);
            record(c, entry);
            return null;
        });
    }

    @Override
    public Optional<Post> deletePost(PostId postId, ActivityEntry entry) {
        require(postId, "post id");
        return db.write("delete post " + postId, c -> {
            Optional<Post> deleted = PostSql.delete(c, postId);
            if (deleted.isPresent()) {
                record(c, entry);
            }
            return deleted;
        });
    }

    @Override
    public Page<Post> bookmarks(UUID userId, int limit, String cursor) {
        require(userId, "user id");
        Page.requireLimit(limit);
        Cursors.TimeAndId after = cursor == null ? null : Cursors.parseAfterTimeAndId(cursor);
        if (limit == 0) {
            return Page.empty();
        }
        List<SocialSql.Bookmarked> rows = db.read("list bookmarks of user " + userId,
                c -> SocialSql.bookmarks(c, userId, after, limit + 1));
        List<Post> posts = rows.stream().limit(limit).map(SocialSql.Bookmarked::post).toList();
        if (rows.size() <= limit) {
            return new Page<>(posts, null);
        }
        SocialSql.Bookmarked last = rows.get(limit - 1);
        return new Page<>(posts, Cursors.afterTimeAndId(last.micros(), last.post().id().value()));
    }

    @Override
    public long countPosts() {
        return db.read("count posts", PostSql::count);
    }

    // ---- place names

    @Override
    public void setPlaceName(PostId postId, String placeName) {
        require(postId, "post id");
        String name = placeName == null ? null : PlaceNames.requireValid(placeName);
        db.write("set place name of post " + postId, c -> {
            PlaceNameSql.set(c, postId, name);
            return null;
        });
    }

    @Override
    public Map<PostId, String> placeNames(Collection<PostId> postIds) {
        require(postIds, "post ids");
        LinkedHashSet<PostId> distinct = new LinkedHashSet<>();
        for (PostId id : postIds) {
            distinct.add(require(id, "post id"));
        }
        if (distinct.isEmpty()) {
            return Map.of();
        }
        return db.read("find place names of " + distinct.size() + " posts", c -> PlaceNameSql.find(c, distinct));
    }

    // ---- social

    @Override
    public boolean like(PostId postId, UUID userId, ActivityEntry entry) {
        return mark(Mark.LIKE, true, postId, userId, entry);
    }

    @Override
    public boolean unlike(PostId postId, UUID userId, ActivityEntry entry) {
        return mark(Mark.LIKE, false, postId, userId, entry);
    }

    @Override
    public boolean bookmark(PostId postId, UUID userId, ActivityEntry entry) {
        return mark(Mark.BOOKMARK, true, postId, userId, entry);
    }

    @Override
    public boolean unbookmark(PostId postId, UUID userId, ActivityEntry entry) {
        return mark(Mark.BOOKMARK, false, postId, userId, entry);
    }

    private boolean mark(Mark mark, boolean add, PostId postId, UUID userId, ActivityEntry entry) {
        require(postId, "post id");
        require(userId, "user id");
        String operation = (add ? "add " : "remove ") + mark.name().toLowerCase(java.util.Locale.ROOT) + " of user "
                + userId + " on post " + postId;
        return db.write(operation, c -> {
            boolean changed = add
                    ? SocialSql.add(c, mark, postId, userId)
                    : SocialSql.remove(c, mark, postId, userId);
            if (changed) {
                record(c, entry);
            }
            return changed;
        });
    }

    /**
     * The single calls' statements, one reaction after another, in one write transaction: SQLite
     * runs in process, so a batch saves commits (each an fsync), not round trips.
     */
    @Override
    public List<Boolean> react(List<Reaction> reactions) {
        List<Reaction> list = requireReactions(reactions);
        if (list.isEmpty()) {
            return List.of();
        }
        return db.write("apply " + list.size() + " reactions", c -> {
            List<Boolean> changed = new ArrayList<>(list.size());
            for (Reaction r : list) {
                Mark mark = r.kind().isLike() ? Mark.LIKE : Mark.BOOKMARK;
                boolean did = r.kind().adds()
                        ? SocialSql.add(c, mark, r.postId(), r.userId())
                        : SocialSql.remove(c, mark, r.postId(), r.userId());
                if (did) {
                    record(c, r.entry());
                }
                changed.add(did);
            }
            return changed;
        });
    }

    private static List<Reaction> requireReactions(List<Reaction> reactions) {
        require(reactions, "reactions");
        List<Reaction> list = new ArrayList<>(reactions.size());
        for (Reaction r : reactions) {
            list.add(require(r, "reaction"));
        }
        return list;
    }

    @Override
    public void addComment(Comment comment, ActivityEntry entry) {
        require(comment, "comment");
        db.write("add comment to post " + comment.postId(), c -> {
            SocialSql.addComment(c, comment);
            record(c, entry);
            return null;
        });
    }

    @Override
    public Optional<Comment> findComment(UUID commentId) {
        require(commentId, "comment id");
        return db.read("find comment " + commentId, c -> SocialSql.findComment(c, commentId));
    }

    @Override
    public boolean removeComment(UUID commentId, ActivityEntry entry) {
        require(commentId, "comment id");
        return db.write("remove comment " + commentId, c -> {
            boolean removed = SocialSql.removeComment(c, commentId);
            if (removed) {
                record(c, entry);
            }
            return removed;
        });
    }

    @Override
    public ActivityLog activityLog() {
        return activity;
    }

    /** Appends the entry in the caller's write transaction; no-op for null. */
    private static void record(Connection c, ActivityEntry entry) throws SQLException {
        if (entry != null) {
            SqliteActivityRows.insert(c, entry);
        }
    }

    @Override
    public Page<Comment> comments(PostId postId, int limit, String cursor) {
        require(postId, "post id");
        Page.requireLimit(limit);
        UUID after = cursor == null ? null : Cursors.parseAfterId(cursor);
        if (limit == 0) {
            return Page.empty();
        }
        List<Comment> comments = db.read("list comments of post " + postId,
                c -> SocialSql.comments(c, postId, after, limit + 1));
        return comments.size() > limit
                ? new Page<>(comments.subList(0, limit), Cursors.afterId(comments.get(limit - 1).id()))
                : new Page<>(comments, null);
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "SQLite database " + db.file();
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new InvalidInputException(what + " must not be null");
        }
        return value;
    }
}
