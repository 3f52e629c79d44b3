package dev.tanken.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tanken.ConflictException;
import dev.tanken.DuplicatePostException;
import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.StorageException;
import dev.tanken.TankenException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.postgres.PostgresActivityLog;
import dev.tanken.activity.internal.ActivityRows;
import dev.tanken.postgres.internal.PostgresActivityRows;
import dev.tanken.activity.internal.Micros;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.db.Reaction;
import dev.tanken.db.internal.Cursors;
import dev.tanken.postgres.internal.PlaceNameSql;
import dev.tanken.postgres.internal.PostgresErrors;
import dev.tanken.postgres.internal.PostgresRows;
import dev.tanken.postgres.internal.PostgresSchema;
import dev.tanken.postgres.internal.PostgresSql;
import dev.tanken.postgres.internal.PostgresUrl;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.geocode.PlaceNames;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.Validation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * {@link DatabaseService} on PostgreSQL 13+ with the {@code cube} contrib extension (no PostGIS).
 * Tables live in one schema (default {@code public}), created and upgraded by Flyway when the
 * service opens; nearby searches are served by a GiST index on unit vectors (see
 * {@link SphericalGeometry}).
 */
public final class PostgresDatabaseService implements DatabaseService {
    /**
     * Extra half-width for the nearby bounding box: the box is only a pre-filter for the index, and
     * must never drop a post that the exact chord test would keep because of rounding in
     * {@code centre ± r}.
     */
    private static final double BOX_SLACK = 1e-12;

    private final Jdbi jdbi;
    private final PostgresActivityLog activity;
    private final HikariDataSource ownedPool;
    private final String description;
    private volatile boolean closed;

    private PostgresDatabaseService(DataSource dataSource, HikariDataSource ownedPool, String description) {
        this.jdbi = Jdbi.create(dataSource);
        this.activity = PostgresActivityLog.using(dataSource);
        this.ownedPool = ownedPool;
        this.description = description;
    }

    /**
     * Connects to {@code postgresql://[user[:password]@]host[:port]/database[?schema=NAME&maxPoolSize=N]}
     * (or a {@code jdbc:postgresql:} URL, which may carry the same two parameters) with a pool of its
     * own, and creates or upgrades the schema.
     *
     * @throws InvalidInputException if the URL is malformed
     * @throws StorageException if the server cannot be reached or the schema cannot be migrated
     */
    public static PostgresDatabaseService open(String url) {
        PostgresUrl u = PostgresUrl.parse(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("tanken-postgres");
        config.setDriverClassName(org.postgresql.Driver.class.getName());
        config.setJdbcUrl(u.jdbcUrl());
        if (u.user() != null) {
            config.setUsername(u.user());
        }
        if (u.password() != null) {
            config.setPassword(u.password());
        }
        config.setMaximumPoolSize(u.maxPoolSize());
        // A CLI invocation needs one connection; a server grows the pool on demand.
        config.setMinimumIdle(1);
        // Sent in the start-up packet, so it costs no round trip. public holds the cube extension.
        config.addDataSourceProperty("currentSchema", searchPath(u.schema()));
        config.addDataSourceProperty("ApplicationName", "tanken");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("PostgreSQL: cannot connect to " + u.describe() + ": "
                    + rootMessage(e), e);
        }
        try {
            PostgresSchema.migrate(pool, u.schema());
            return new PostgresDatabaseService(pool, pool, u.describe());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Uses a caller-managed pool. Its connections must already have {@code <schema>, public} as
     * their search path (pgjdbc: {@code currentSchema=<schema>,public}), because the service's
     * statements name tables without a schema; this is checked. {@link #close()} leaves the pool
     * open.
     *
     * @throws InvalidInputException if the schema name is invalid or the search path does not fit
     */
    public static PostgresDatabaseService open(DataSource dataSource, String schema) {
        if (dataSource == null) {
            throw new InvalidInputException("data source must not be null");
        }
        PostgresUrl.requireSchemaName(schema);
        PostgresSchema.migrate(dataSource, schema);
        List<String> path;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT unnest(current_schemas(false))")) {
            path = new ArrayList<>();
            while (rs.next()) {
                path.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw PostgresErrors.storageFailure("reading the search path", e);
        }
        if (path.isEmpty() || !path.get(0).equals(schema) || !path.contains("public")) {
            throw new InvalidInputException("the data source's connections must have the search path "
                    + searchPath(schema) + " (pgjdbc: currentSchema=" + searchPath(schema) + "), but have " + path);
        }
        return new PostgresDatabaseService(dataSource, null, "data source (schema " + schema + ")");
    }

    private static String searchPath(String schema) {
        return PostgresUrl.quoteIdentifier(schema) + ",public";
    }

    // ---- users

    @Override
    public User createUser(User user, ActivityEntry entry) {
        require(user, "user");
        return inTransaction("createUser", h -> {
            try {
                h.createUpdate(PostgresSql.INSERT_USER)
                        .bind("id", user.id())
                        .bind("username", user.username())
                        .bind("email", user.email())
                        .bind("bio", user.bio())
                        .bind("profilePictureLink", user.profilePictureLink())
                        .bind("oauthProvider", user.oauthProvider())
                        .bind("createdAt", PostgresRows.timestamptz(user.createdAt()))
                        .bind("lastLogin", PostgresRows.timestamptz(user.lastLogin()))
                        .bind("subscribed", user.subscribed())
                        .bind("defaultLocationPrecision", user.defaultLocationPrecision().code())
                        .execute();
            } catch (JdbiException e) {
                if (PostgresErrors.violates(e, PostgresErrors.UNIQUE_VIOLATION, "users_username_key")) {
                    throw new ConflictException("username '" + user.username() + "' is already taken");
                }
                if (PostgresErrors.violates(e, PostgresErrors.UNIQUE_VIOLATION, "users_pkey")) {
                    throw new ConflictException("a user with id " + user.id() + " already exists");
                }
                throw e;
            }
            record(h, entry);
            return user;
        });
    }

    @Override
    public Optional<User> findUser(UUID id) {
        require(id, "user id");
        return withHandle("findUser", h -> h.createQuery(PostgresSql.FIND_USER).bind("id", id)
                .map((rs, ctx) -> PostgresRows.user(rs)).findOne());
    }

    @Override
    public Optional<User> findUserByName(String username) {
        require(username, "username");
        return withHandle("findUserByName", h -> h.createQuery(PostgresSql.FIND_USER_BY_NAME)
                .bind("username", username).map((rs, ctx) -> PostgresRows.user(rs)).findOne());
    }

    @Override
    public void setDefaultLocationPrecision(UUID userId, LocationPrecision precision, ActivityEntry entry) {
        require(userId, "user id");
        require(precision, "location precision");
        int updated = recording("setDefaultLocationPrecision", entry, n -> n > 0,
                h -> h.createUpdate(PostgresSql.SET_DEFAULT_PRECISION)
                        .bind("id", userId).bind("precision", precision.code()).execute());
        if (updated == 0) {
            throw new NotFoundException("user " + userId + " does not exist");
        }
    }

    // ---- posts

    @Override
    public void createPost(Post post, ActivityEntry entry) {
        requireNewPost(post);
        inTransaction("createPost", h -> {
            // A conflicting post that is deleted between the insert and the look-up leaves nothing to
            // report, and the insert may then succeed: try again a few times.
            for (int attempt = 0; attempt < 3; attempt++) {
                boolean inserted;
                try {
                    inserted = bindPost(h.createUpdate(PostgresSql.INSERT_POST), post).execute() == 1;
                } catch (JdbiException e) {
                    if (PostgresErrors.violates(e, PostgresErrors.FOREIGN_KEY_VIOLATION, "posts_author_fk")) {
                        throw new NotFoundException("user " + post.author().id() + " does not exist");
                    }
                    if (PostgresErrors.violates(e, PostgresErrors.UNIQUE_VIOLATION, "posts_pkey")) {
                        throw new ConflictException("a post with id " + post.id() + " already exists");
                    }
                    throw e;
                }
                if (inserted) {
                    insertTags(h, post.id(), post.tags());
                    insertVariants(h, List.of(post));
                    record(h, entry);
                    return null;
                }
                // ON CONFLICT waited for the other transaction, so this statement sees its post.
                Optional<UUID> existing = findPostByPicture(h, post);
                if (existing.isPresent()) {
                    throw new DuplicatePostException(new PostId(existing.get()));
                }
            }
            throw new StorageException("PostgreSQL: createPost failed: the same picture keeps being posted and"
                    + " deleted concurrently; try again");
        });
    }

    private static Optional<UUID> findPostByPicture(Handle h, Post post) {
        return h.createQuery(PostgresSql.FIND_POST_BY_PICTURE)
                .bind("authorId", post.author().id())
                .bind("sha256", post.picture().sha256())
                .mapTo(UUID.class)
                .findOne();
    }

    /**
     * One transaction, three round trips whatever the number of posts: the authors are checked, the
     * posts go in as one JDBC batch, the tags as one statement. Any duplicate picture or missing
     * author rolls the whole call back.
     */
    @Override
    public void createPosts(Collection<Post> posts) {
        require(posts, "posts");
        List<Post> list = new ArrayList<>(posts.size());
        LinkedHashSet<UUID> authors = new LinkedHashSet<>();
        for (Post post : posts) {
            requireNewPost(post);
            list.add(post);
            authors.add(post.author().id());
        }
        if (list.isEmpty()) {
            return;
        }
        inTransaction("createPosts", h -> {
            List<UUID> known = h.createQuery(PostgresSql.EXISTING_USERS).bindArray("ids", UUID.class, authors)
                    .mapTo(UUID.class).list();
            for (UUID author : authors) {
                if (!known.contains(author)) {
                    throw new NotFoundException("user " + author + " does not exist");
                }
            }
            PreparedBatch batch = h.prepareBatch(PostgresSql.INSERT_POST);
            list.forEach(post -> bindPost(batch, post).add());
            int[] counts;
            try {
                counts = batch.execute();
            } catch (JdbiException e) {
                if (PostgresErrors.violates(e, PostgresErrors.UNIQUE_VIOLATION, "posts_pkey")) {
                    throw new ConflictException("a post with one of these ids already exists");
                }
                throw e;
            }
            List<UUID> tagPosts = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Post post = list.get(i);
                if (counts[i] == 0) {
                    // Either an earlier post or an earlier element of this very batch has the picture.
                    throw findPostByPicture(h, post)
                            .<TankenException>map(existing -> new DuplicatePostException(new PostId(existing)))
                            .orElseGet(() -> new StorageException("PostgreSQL: createPosts failed: a post with"
                                    + " the same picture as post " + post.id() + " was deleted concurrently;"
                                    + " try again"));
                }
                for (String tag : post.tags()) {
                    tagPosts.add(post.id().value());
                    tags.add(tag);
                }
            }
            if (!tags.isEmpty()) {
                h.createUpdate(PostgresSql.INSERT_TAG_PAIRS)
                        .bindArray("postIds", UUID.class, tagPosts)
                        .bindArray("tags", String.class, tags)
                        .execute();
            }
            insertVariants(h, list);
            return null;
        });
    }

    /** The variants of all these posts in one statement (none: no statement). */
    private static void insertVariants(Handle h, List<Post> posts) {
        List<UUID> ids = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        List<Integer> heights = new ArrayList<>();
        for (Post post : posts) {
            for (PictureVariant v : post.variants()) {
                ids.add(post.id().value());
                sizes.add(v.size().code());
                keys.add(v.blobKey());
                types.add(v.mediaType());
                digests.add(v.sha256());
                widths.add(v.width());
                heights.add(v.height());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        h.createUpdate(PostgresSql.INSERT_VARIANTS)
                .bindArray("postIds", UUID.class, ids)
                .bindArray("sizes", String.class, sizes)
                .bindArray("blobKeys", String.class, keys)
                .bindArray("mediaTypes", String.class, types)
                .bindArray("sha256s", String.class, digests)
                .bindArray("widths", Integer.class, widths)
                .bindArray("heights", Integer.class, heights)
                .execute();
    }

    private static void requireNewPost(Post post) {
        require(post, "post");
        require(post.location(), "post location");
        if (post.likes() != 0 || post.bookmarks() != 0 || post.comments() != 0) {
            throw new InvalidInputException("a new post must have zero likes, bookmarks and comments");
        }
    }

    private static <S extends SqlStatement<S>> S bindPost(S statement, Post post) {
        // Only an approximate post needs its shown position stored; see V3.
        GeoPoint shown = post.locationPrecision() == LocationPrecision.APPROXIMATE
                ? post.locationPrecision().shown(post.location()) : null;
        return statement
                .bind("id", post.id().value())
                .bind("authorId", post.author().id())
                .bind("createdAt", PostgresRows.timestamptz(post.createdAt()))
                .bind("caption", post.caption())
                .bind("blobKey", post.picture().blobKey())
                .bind("mediaType", post.picture().mediaType())
                .bind("sha256", post.picture().sha256())
                .bind("width", post.picture().width())
                .bind("height", post.picture().height())
                .bind("latitude", post.location().latitude())
                .bind("longitude", post.location().longitude())
                .bind("altitude", post.location().altitude())
                .bind("takenLocal", post.takenAt() == null ? null : post.takenAt().localDateTime())
                .bind("takenOffsetSeconds", post.takenAt() == null || post.takenAt().offset() == null
                        ? null : post.takenAt().offset().getTotalSeconds())
                .bind("locationPrecision", post.locationPrecision().code())
                .bind("variantsNote", post.variantsNote())
                .bind("shownLatitude", shown == null ? null : shown.latitude())
                .bind("shownLongitude", shown == null ? null : shown.longitude());
    }

    @Override
    public Optional<Post> findPost(PostId id) {
        require(id, "post id");
        return withHandle("findPost", h -> h.createQuery(PostgresSql.FIND_POST).bind("id", id.value())
                .map((rs, ctx) -> PostgresRows.post(rs)).findOne());
    }

    @Override
    public List<Post> findPosts(Collection<PostId> ids) {
        require(ids, "post ids");
        LinkedHashSet<UUID> unique = new LinkedHashSet<>();
        for (PostId id : ids) {
            unique.add(require(id, "post id").value());
        }
        if (unique.isEmpty()) {
            return List.of();
        }
        return withHandle("findPosts", h -> h.createQuery(PostgresSql.FIND_POSTS)
                .bindArray("ids", UUID.class, unique)
                .map((rs, ctx) -> PostgresRows.post(rs)).list());
    }

    @Override
    public Optional<PostId> findPostByPicture(UUID authorId, String sha256) {
        require(authorId, "author id");
        Validation.sha256(sha256);
        return withHandle("findPostByPicture", h -> h.createQuery(PostgresSql.FIND_POST_BY_PICTURE)
                .bind("authorId", authorId).bind("sha256", sha256)
                .mapTo(UUID.class).findOne().map(PostId::new));
    }

    @Override
    public boolean isBlobReferenced(String blobKey) {
        if (blobKey == null || blobKey.isBlank()) {
            throw new InvalidInputException("blob key must not be empty");
        }
        return withHandle("isBlobReferenced", h -> h.createQuery(PostgresSql.BLOB_REFERENCED)
                .bind("blobKey", blobKey).mapTo(Boolean.class).one());
    }

    @Override
    public Set<String> referencedBlobKeys(Collection<String> blobKeys) {
        require(blobKeys, "blob keys");
        List<String> keys = blobKeys.stream().map(k -> require(k, "blob key")).distinct().toList();
        if (keys.isEmpty()) {
            return Set.of();
        }
        return withHandle("referencedBlobKeys", h -> new HashSet<>(h.createQuery(PostgresSql.REFERENCED_BLOB_KEYS)
                .bindArray("keys", String.class, keys).mapTo(String.class).list()));
    }

    @Override
    public Page<Post> postsByUser(UUID authorId, int limit, String cursor) {
        require(authorId, "author id");
        Page.requireLimit(limit);
        UUID after = cursor == null ? null : Cursors.parseAfterId(cursor);
        if (limit == 0) {
            return Page.empty();
        }
        List<Post> rows = withHandle("postsByUser", h -> {
            Query q = h.createQuery(after == null ? PostgresSql.POSTS_BY_USER_FIRST : PostgresSql.POSTS_BY_USER_NEXT)
                    .bind("authorId", authorId)
                    .bind("limit", limit + 1);
            if (after != null) {
                q.bind("after", after);
            }
            return q.map((rs, ctx) -> PostgresRows.post(rs)).list();
        });
        return page(rows, limit, p -> Cursors.afterPost(p.id()));
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
        double chord = SphericalGeometry.metersToChord(radiusMeters);
        record Row(NearbyPost post, double chord) {
        }
        List<Row> rows = withHandle("nearby", h -> {
            Query q = h.createQuery(viewerId == null
                            ? (after == null ? PostgresSql.NEARBY_FIRST : PostgresSql.NEARBY_NEXT)
                            : (after == null ? PostgresSql.NEARBY_VIEWER_FIRST : PostgresSql.NEARBY_VIEWER_NEXT))
                    .bind("lat", center.latitude())
                    .bind("lon", center.longitude())
                    .bind("box", chord + BOX_SLACK)
                    .bind("slack", BOX_SLACK)
                    .bind("chord", chord)
                    .bind("limit", limit + 1);
            if (after != null) {
                q.bind("afterChord", after.chord()).bind("afterId", after.id());
            }
            if (viewerId != null) {
                q.bind("viewer", viewerId);
            }
            return q.map((rs, ctx) -> {
                double c = rs.getDouble("chord");
                Post post = PostgresRows.post(rs).seenBy(viewerId);
                return new Row(new NearbyPost(post, SphericalGeometry.chordToMeters(c)), c);
            }).list();
        });
        Page<Row> page = page(rows, limit, r -> Cursors.nearby(r.chord(), r.post().post().id().value()));
        return new Page<>(page.items().stream().map(Row::post).toList(), page.nextCursor());
    }

    @Override
    public void setTags(PostId postId, Collection<String> tags, ActivityEntry entry) {
        require(postId, "post id");
        List<String> normalized = Validation.tags(tags);
        inTransaction("setTags", h -> {
            if (h.createQuery(PostgresSql.LOCK_POST).bind("id", postId.value()).mapTo(Integer.class)
                    .findOne().isEmpty()) {
                throw new NotFoundException("post " + postId + " does not exist");
            }
            h.createUpdate(PostgresSql.DELETE_TAGS).bind("id", postId.value()).execute();
            insertTags(h, postId, normalized);
            record(h, entry);
            return null;
        });
    }

    private static void insertTags(Handle h, PostId postId, List<String> tags) {
        if (!tags.isEmpty()) {
            h.createUpdate(PostgresSql.INSERT_TAGS)
                    .bind("id", postId.value())
                    .bindArray("tags", String.class, tags)
                    .execute();
        }
    }

    @Override
    public Optional<Post> deletePost(PostId postId, ActivityEntry entry) {
        require(postId, "post id");
        return recording("deletePost", entry, Optional::isPresent, h -> h.createQuery(PostgresSql.DELETE_POST)
                .bind("id", postId.value()).map((rs, ctx) -> PostgresRows.post(rs)).findOne());
    }

    @Override
    public Page<Post> bookmarks(UUID userId, int limit, String cursor) {
        require(userId, "user id");
        Page.requireLimit(limit);
        Cursors.TimeAndId after = cursor == null ? null : Cursors.parseAfterTimeAndId(cursor);
        if (limit == 0) {
            return Page.empty();
        }
        record Row(Post post, long bookmarkedMicros) {
        }
        List<Row> rows = withHandle("bookmarks", h -> {
            Query q = h.createQuery(after == null ? PostgresSql.BOOKMARKS_FIRST : PostgresSql.BOOKMARKS_NEXT)
                    .bind("userId", userId)
                    .bind("limit", limit + 1);
            if (after != null) {
                q.bind("afterMicros", after.micros()).bind("afterId", after.id());
            }
            return q.map((rs, ctx) -> new Row(PostgresRows.post(rs), rs.getLong("bookmarked_micros"))).list();
        });
        Page<Row> page = page(rows, limit, r -> Cursors.afterTimeAndId(r.bookmarkedMicros(), r.post().id().value()));
        return new Page<>(page.items().stream().map(Row::post).toList(), page.nextCursor());
    }

    @Override
    public long countPosts() {
        return withHandle("countPosts", h -> h.createQuery(PostgresSql.COUNT_POSTS).mapTo(Long.class).one());
    }

    // ---- place names

    @Override
    public void setPlaceName(PostId postId, String placeName) {
        require(postId, "post id");
        String name = placeName == null ? null : PlaceNames.requireValid(placeName);
        inTransaction("setPlaceName", h -> {
            if (h.createQuery(PostgresSql.LOCK_POST).bind("id", postId.value()).mapTo(Integer.class)
                    .findOne().isEmpty()) {
                throw new NotFoundException("post " + postId + " does not exist");
            }
            if (name == null) {
                h.createUpdate(PlaceNameSql.DELETE).bind("id", postId.value()).execute();
            } else {
                h.createUpdate(PlaceNameSql.UPSERT).bind("id", postId.value()).bind("name", name).execute();
            }
            return null;
        });
    }

    @Override
    public Map<PostId, String> placeNames(Collection<PostId> postIds) {
        require(postIds, "post ids");
        LinkedHashSet<UUID> unique = new LinkedHashSet<>();
        for (PostId id : postIds) {
            unique.add(require(id, "post id").value());
        }
        if (unique.isEmpty()) {
            return Map.of();
        }
        return withHandle("placeNames", h -> {
            Map<PostId, String> names = new HashMap<>();
            h.createQuery(PlaceNameSql.FIND).bindArray("ids", UUID.class, unique)
                    .map((rs, ctx) -> Map.entry(new PostId(rs.getObject("post_id", UUID.class)), rs.getString("name")))
                    .forEach(e -> names.put(e.getKey(), e.getValue()));
            return names;
        });
    }

    // ---- social

    private enum ReactionTable {
        LIKE("likes"), BOOKMARK("bookmarks");

        final String add;
        final String remove;
        final String postForeignKey;
        final String userForeignKey;

        ReactionTable(String table) {
            add = PostgresSql.addReaction(table, table);
            remove = PostgresSql.removeReaction(table, table);
            postForeignKey = table + "_post_fk";
            userForeignKey = table + "_user_fk";
        }
    }

    @Override
    public boolean like(PostId postId, UUID userId, ActivityEntry entry) {
        return addReaction("like", ReactionTable.LIKE, postId, userId, entry);
    }

    @Override
    public boolean unlike(PostId postId, UUID userId, ActivityEntry entry) {
        return removeReaction("unlike", ReactionTable.LIKE, postId, userId, entry);
    }

    @Override
    public boolean bookmark(PostId postId, UUID userId, ActivityEntry entry) {
        return addReaction("bookmark", ReactionTable.BOOKMARK, postId, userId, entry);
    }

    @Override
    public boolean unbookmark(PostId postId, UUID userId, ActivityEntry entry) {
        return removeReaction("unbookmark", ReactionTable.BOOKMARK, postId, userId, entry);
    }

    private boolean addReaction(String operation, ReactionTable reaction, PostId postId, UUID userId,
            ActivityEntry entry) {
        require(postId, "post id");
        require(userId, "user id");
        return recording(operation, entry, added -> added, h -> {
            try {
                return h.createQuery(reaction.add).bind("postId", postId.value()).bind("userId", userId)
                        .mapTo(Integer.class).findOne().isPresent();
            } catch (JdbiException e) {
                if (PostgresErrors.violates(e, PostgresErrors.FOREIGN_KEY_VIOLATION, reaction.postForeignKey)) {
                    throw new NotFoundException("post " + postId + " does not exist");
                }
                if (PostgresErrors.violates(e, PostgresErrors.FOREIGN_KEY_VIOLATION, reaction.userForeignKey)) {
                    throw new NotFoundException("user " + userId + " does not exist");
                }
                throw e;
            }
        });
    }

    private boolean removeReaction(String operation, ReactionTable reaction, PostId postId, UUID userId,
            ActivityEntry entry) {
        require(postId, "post id");
        require(userId, "user id");
        return recording(operation, entry, removed -> removed, h -> {
            boolean removed = h.createQuery(reaction.remove).bind("postId", postId.value())
                    .bind("userId", userId).mapTo(Integer.class).findOne().isPresent();
            if (!removed) {
                // Nothing to remove is fine, but only for a post and user that exist: a typo in an
                // id must not look like a successful no-op (same rule as like/bookmark).
                requireReactionTargets(h, postId, userId);
            }
            return removed;
        });
    }

    private static void requireReactionTargets(org.jdbi.v3.core.Handle h, PostId postId, UUID userId) {
        boolean[] exist = h.createQuery(PostgresSql.REACTION_TARGETS_EXIST).bind("postId", postId.value())
                .bind("userId", userId)
                .map((rs, ctx) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}).one();
        if (!exist[0]) {
            throw new NotFoundException("post " + postId + " does not exist");
        }
        if (!exist[1]) {
            throw new NotFoundException("user " + userId + " does not exist");
        }
    }

    /** A batch can lose a deadlock to a single call (see {@link #react}); it is tried at most this often. */
    private static final int REACT_ATTEMPTS = 3;

    /**
     * One transaction of three round trips for up to 250 reactions: the posts are locked in uuid
     * order and checked together with the users; the reactions go as one JDBC batch of {@link
     * PostgresSql#REACT}, each appending its entry in the same statement when it changed something;
     * then the commit. pgjdbc sends a long batch in chunks of about 250 statements (it syncs before
     * 64 kB of replies could pile up), one round trip each: 1,000 reactions cost six.
     *
     * <p>Locking every post first means two batches never deadlock. A single like or unlike takes
     * its like row before the post, so it can still deadlock with a batch on the same post and
     * user; PostgreSQL then aborts one of the two, and a batch that is aborted runs again (it left
     * nothing behind).
     */
    @Override
    public List<Boolean> react(List<Reaction> reactions) {
        require(reactions, "reactions");
        List<Reaction> list = new ArrayList<>(reactions.size());
        for (Reaction r : reactions) {
            list.add(require(r, "reaction"));
        }
        if (list.isEmpty()) {
            return List.of();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction("react", h -> applyReactions(h, list));
            } catch (StorageException e) {
                if (PostgresErrors.violates(e, PostgresErrors.UNIQUE_VIOLATION, "activity_log_pkey")) {
                    throw takenEntryId(list, e);
                }
                if (PostgresErrors.hasState(e, PostgresErrors.FOREIGN_KEY_VIOLATION)) {
                    // A user deleted (outside Tanken) after the check: name it now that all is rolled back.
                    Optional<NotFoundException> missing = withHandle("react",
                            h -> ReactionTargets.read(h, PostgresSql.REACTION_TARGETS, list)).firstMissing(list);
                    if (missing.isPresent()) {
                        missing.get().addSuppressed(e);
                        throw missing.get();
                    }
                    throw e;
                }
                if (!PostgresErrors.hasState(e, PostgresErrors.DEADLOCK_DETECTED) || attempt == REACT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static List<Boolean> applyReactions(Handle h, List<Reaction> list) {
        Optional<NotFoundException> missing = ReactionTargets.read(h, PostgresSql.LOCK_REACTION_TARGETS, list)
                .firstMissing(list);
        if (missing.isPresent()) {
            throw missing.get();
        }
        PreparedBatch batch = h.prepareBatch(PostgresSql.REACT);
        for (Reaction r : list) {
            Reaction.Kind kind = r.kind();
            int delta = kind.adds() ? 1 : -1;
            ActivityEntry e = r.entry();
            // Null entry fields are bound with the same types as set ones, so that pgjdbc keeps one
            // server-side statement for the whole batch.
            batch.bind("kind", kind.name())
                    .bind("postId", r.postId().value())
                    .bind("userId", r.userId())
                    .bind("likes", kind.isLike() ? delta : 0)
                    .bind("bookmarks", kind.isLike() ? 0 : delta)
                    .bind("entryId", e == null ? null : e.id().toString())
                    .bind("entryMicros", e == null ? null : Micros.of(e.occurredAt()))
                    .bind("entryActor", e == null ? null : e.actor())
                    .bind("entryAction", e == null ? null : e.action())
                    .bind("entrySubjectType", e == null ? null : e.subjectType())
                    .bind("entrySubjectId", e == null ? null : e.subjectId())
                    .bind("entryPayload", e == null ? null : e.payloadJson())
                    .add();
        }
        int[] counts = batch.execute();
        List<Boolean> changed = new ArrayList<>(counts.length);
        for (int count : counts) {
            changed.add(count > 0);
        }
        return changed;
    }

    /** The posts and users of a batch that exist. */
    private record ReactionTargets(Set<UUID> posts, Set<UUID> users) {
        /** Read with {@code sql}, which locks the posts or not. */
        static ReactionTargets read(Handle h, String sql, List<Reaction> list) {
            Set<UUID> postIds = new LinkedHashSet<>();
            Set<UUID> userIds = new LinkedHashSet<>();
            for (Reaction r : list) {
                postIds.add(r.postId().value());
                userIds.add(r.userId());
            }
            ReactionTargets found = new ReactionTargets(new HashSet<>(), new HashSet<>());
            h.createQuery(sql).bindArray("postIds", UUID.class, postIds).bindArray("userIds", UUID.class, userIds)
                    .map((rs, ctx) -> Map.entry(rs.getString("kind"), rs.getObject("id", UUID.class)))
                    .forEach(row -> (row.getKey().equals("post") ? found.posts() : found.users()).add(row.getValue()));
            return found;
        }

        /** The first post or user, in list order, that does not exist, named as the single calls name it. */
        Optional<NotFoundException> firstMissing(List<Reaction> list) {
            for (Reaction r : list) {
                if (!posts.contains(r.postId().value())) {
                    return Optional.of(new NotFoundException("post " + r.postId() + " does not exist"));
                }
                if (!users.contains(r.userId())) {
                    return Optional.of(new NotFoundException("user " + r.userId() + " does not exist"));
                }
            }
            return Optional.empty();
        }
    }

    /**
     * After a batch failed on a taken entry id and was rolled back: the first entry whose id is
     * stored already, else the first that repeats an earlier entry of the batch.
     */
    private ConflictException takenEntryId(List<Reaction> list, StorageException failure) {
        List<ActivityEntry> entries = list.stream().map(Reaction::entry)
                .filter(java.util.Objects::nonNull).toList();
        Set<UUID> stored = new HashSet<>(withHandle("react", h -> h.createQuery(PostgresSql.EXISTING_ACTIVITY_IDS)
                .bindArray("ids", UUID.class, entries.stream().map(ActivityEntry::id).toList())
                .mapTo(UUID.class).list()));
        Set<UUID> seen = new HashSet<>();
        ActivityEntry taken = entries.stream().filter(e -> stored.contains(e.id())).findFirst()
                .orElseGet(() -> entries.stream().filter(e -> !seen.add(e.id())).findFirst().orElse(null));
        ConflictException conflict = taken == null
                ? new ConflictException("an activity entry of this batch has an id that is already taken")
                : ActivityRows.duplicate(taken);
        conflict.addSuppressed(failure);
        return conflict;
    }

    @Override
    public void addComment(Comment comment, ActivityEntry entry) {
        require(comment, "comment");
        recording("addComment", entry, added -> true, h -> {
            try {
                return h.createUpdate(PostgresSql.ADD_COMMENT)
                        .bind("id", comment.id())
                        .bind("postId", comment.postId().value())
                        .bind("authorId", comment.author().id())
                        .bind("createdAt", PostgresRows.timestamptz(comment.createdAt()))
                        .bind("text", comment.text())
                        .execute();
            } catch (JdbiException e) {
                if (PostgresErrors.violates(e, PostgresErrors.FOREIGN_KEY_VIOLATION, "comments_post_fk")) {
                    throw new NotFoundException("post " + comment.postId() + " does not exist");
                }
                if (PostgresErrors.violates(e, PostgresErrors.FOREIGN_KEY_VIOLATION, "comments_author_fk")) {
                    throw new NotFoundException("user " + comment.author().id() + " does not exist");
                }
                if (PostgresErrors.violates(e, PostgresErrors.UNIQUE_VIOLATION, "comments_pkey")) {
                    throw new ConflictException("a comment with id " + comment.id() + " already exists");
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<Comment> findComment(UUID commentId) {
        require(commentId, "comment id");
        return withHandle("findComment", h -> h.createQuery(PostgresSql.FIND_COMMENT).bind("id", commentId)
                .map((rs, ctx) -> PostgresRows.comment(rs)).findOne());
    }

    @Override
    public boolean removeComment(UUID commentId, ActivityEntry entry) {
        require(commentId, "comment id");
        return recording("removeComment", entry, removed -> removed, h -> h.createQuery(PostgresSql.REMOVE_COMMENT)
                .bind("id", commentId).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public ActivityLog activityLog() {
        return activity;
    }

    @Override
    public Page<Comment> comments(PostId postId, int limit, String cursor) {
        require(postId, "post id");
        Page.requireLimit(limit);
        UUID after = cursor == null ? null : Cursors.parseAfterId(cursor);
        if (limit == 0) {
            return Page.empty();
        }
        List<Comment> rows = withHandle("comments", h -> {
            Query q = h.createQuery(after == null ? PostgresSql.COMMENTS_FIRST : PostgresSql.COMMENTS_NEXT)
                    .bind("postId", postId.value())
                    .bind("limit", limit + 1);
            if (after != null) {
                q.bind("after", after);
            }
            return q.map((rs, ctx) -> PostgresRows.comment(rs)).list();
        });
        return page(rows, limit, c -> Cursors.afterId(c.id()));
    }

    @Override
    public void close() {
        closed = true;
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresDatabaseService[" + description + "]";
    }

    // ---- plumbing

    /** Rows were fetched with limit + 1; the extra row only proves that another page exists. */
    private static <T> Page<T> page(List<T> rows, int limit, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
    }

    /** One statement in auto-commit mode: atomic on its own, and one round trip. */
    private <T> T withHandle(String operation, HandleCallback<T, RuntimeException> callback) {
        checkOpen(operation);
        try {
            return jdbi.withHandle(callback);
        } catch (TankenException e) {
            throw e;
        } catch (JdbiException e) {
            throw PostgresErrors.storageFailure(operation, e);
        }
    }

    /**
     * Runs a single-statement action: in auto-commit mode without an entry (one round trip), in a
     * transaction that also appends the entry when {@code changed} says the action did something.
     */
    private <T> T recording(String operation, ActivityEntry entry, java.util.function.Predicate<T> changed,
            HandleCallback<T, RuntimeException> action) {
        if (entry == null) {
            return withHandle(operation, action);
        }
        return inTransaction(operation, h -> {
            T result = action.withHandle(h);
            if (changed.test(result)) {
                record(h, entry);
            }
            return result;
        });
    }

    /** Appends the entry on the handle's transaction; no-op for null. */
    private static void record(Handle h, ActivityEntry entry) {
        if (entry == null) {
            return;
        }
        try {
            PostgresActivityRows.insert(h.getConnection(), entry);
        } catch (SQLException e) {
            throw PostgresErrors.storageFailure("recording activity " + entry.action(), e);
        }
    }

    private <T> T inTransaction(String operation, HandleCallback<T, RuntimeException> callback) {
        checkOpen(operation);
        try {
            return jdbi.inTransaction(callback);
        } catch (TankenException e) {
            throw e;
        } catch (JdbiException e) {
            throw PostgresErrors.storageFailure(operation, e);
        }
    }

    private void checkOpen(String operation) {
        if (closed) {
            throw new StorageException("PostgreSQL: " + operation + " failed: the database service is closed");
        }
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new InvalidInputException(what + " must not be null");
        }
        return value;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
