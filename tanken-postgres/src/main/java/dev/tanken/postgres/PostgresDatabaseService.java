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
import dev.tanken.postgres.internal.PostgresActivityRows;
import dev.tanken.db.NearbyPost;
import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import dev.tanken.db.internal.DatabaseFront;
import java.time.Clock;
import java.time.OffsetDateTime;
import dev.tanken.db.internal.Cursors;
import dev.tanken.postgres.internal.MercatorNearby;
import dev.tanken.postgres.internal.PlaceNameSql;
import dev.tanken.postgres.internal.PostgresErrors;
import dev.tanken.postgres.internal.PostgresInvalidationJournal;
import dev.tanken.postgres.internal.PostgresRows;
import dev.tanken.postgres.internal.PostgresSchema;
import dev.tanken.postgres.internal.PostgresSql;
import dev.tanken.postgres.internal.PostgresUrl;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
 * service opens; nearby searches are served by a 2-D GiST index on the Mercator projection with an
 * exact re-ranking ({@link MercatorNearby}), or, where a search reaches a pole or the antimeridian,
 * by a GiST index on unit vectors (see {@link SphericalGeometry}).
 */
public final class PostgresDatabaseService extends DatabaseFront {
    /**
     * Extra half-width for the nearby bounding box: the box is only a pre-filter for the index, and
     * must never drop a post that the exact chord test would keep because of rounding in
     * {@code centre ± r}.
     */
    private static final double BOX_SLACK = 1e-12;
    /**
     * Candidates the Mercator scan reads beyond the page: its order differs from the true one only in
     * the fourth significant digit at a 1 km radius, so one or two more rows almost always prove the
     * page complete without the query's second scan.
     */
    private static final int MERCATOR_SURPLUS = 2;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresDatabaseService.class);

    private final Jdbi jdbi;
    private final PostgresActivityLog activity;
    private final HikariDataSource ownedPool;
    private final String description;
    private final PostgresInvalidationJournal journal;
    private final java.util.concurrent.atomic.LongAdder retriedReads = new java.util.concurrent.atomic.LongAdder();

    private PostgresDatabaseService(DataSource dataSource, HikariDataSource ownedPool, String description,
            Clock clock) {
        super(clock);
        this.jdbi = Jdbi.create(dataSource);
        this.journal = new PostgresInvalidationJournal(jdbi);
        this.activity = PostgresActivityLog.using(dataSource);
        // The months ahead get their partitions at open; the maintenance run keeps them coming.
        this.activity.prepareMonths(clock.instant(), dev.tanken.activity.MaintenanceOptions.DEFAULT_MONTHS_AHEAD);
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
        return open(url, Clock.systemUTC());
    }

    /** As {@link #open(String)}, taking the times of likes, bookmarks and place names from {@code clock}. */
    public static PostgresDatabaseService open(String url, Clock clock) {
        if (clock == null) {
            throw new InvalidInputException("clock must not be null");
        }
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
            return new PostgresDatabaseService(pool, pool, u.describe(), clock);
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
        return open(dataSource, schema, Clock.systemUTC());
    }

    /** As {@link #open(DataSource, String)}, taking the times of likes, bookmarks and place names from {@code clock}. */
    public static PostgresDatabaseService open(DataSource dataSource, String schema, Clock clock) {
        if (clock == null) {
            throw new InvalidInputException("clock must not be null");
        }
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
        return new PostgresDatabaseService(dataSource, null, "data source (schema " + schema + ")", clock);
    }

    private static String searchPath(String schema) {
        return PostgresUrl.quoteIdentifier(schema) + ",public";
    }

    // ---- writes

    /** A batch can lose a deadlock to a concurrent writer; it left nothing behind, so it runs again, this often at most. */
    private static final int DEADLOCK_ATTEMPTS = 3;

    /**
     * Reactions lock their posts first, in uuid order, so that two batches never wait for each
     * other's rows in a cycle; a batch aborted by a deadlock anyway (say, against a single like,
     * which takes its like row before the post) is run again.
     */
    @Override
    protected <T> T inTransaction(String operation, List<Write> writes, Function<Transaction, T> work) {
        List<UUID> reacted = writes.stream().filter(w -> w instanceof Write.Reaction)
                .map(w -> ((Write.Reaction) w).postId().value()).distinct().sorted().toList();
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(operation, h -> {
                    if (!reacted.isEmpty() && writes.size() > 1) {
                        h.createQuery(PostgresSql.LOCK_POSTS).bindArray("ids", UUID.class, reacted)
                                .mapTo(UUID.class).list();
                    }
                    return work.apply(new PostgresTransaction(h));
                });
            } catch (StorageException e) {
                if (!PostgresErrors.hasState(e, PostgresErrors.DEADLOCK_DETECTED) || attempt == DEADLOCK_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private final class PostgresTransaction implements Transaction, Write.Cases<Applied, RuntimeException> {
        private final Handle h;

        PostgresTransaction(Handle h) {
            this.h = h;
        }

        @Override
        public Applied apply(Write write) {
            return write.accept(this);
        }

        @Override
        public Applied createUser(Write.CreateUser w) {
            PostgresDatabaseService.createUser(h, w.user());
            return Applied.changed(w);
        }

        @Override
        public Applied setDefaultPrecision(Write.SetDefaultPrecision w) {
            return Applied.of(w, PostgresDatabaseService.setDefaultPrecision(h, w));
        }

        @Override
        public Applied createPost(Write.CreatePost w) {
            PostgresDatabaseService.createPost(h, w.post());
            return Applied.changed(w);
        }

        @Override
        public Applied setTags(Write.SetTags w) {
            return Applied.of(w, PostgresDatabaseService.setTags(h, w.postId(), w.tags()));
        }

        @Override
        public Applied deletePost(Write.DeletePost w) {
            return Applied.deleted(w, h.createQuery(PostgresSql.DELETE_POST)
                    .bind("id", w.postId().value()).map((rs, ctx) -> PostgresRows.post(rs)).findOne());
        }

        @Override
        public Applied reaction(Write.Reaction w) {
            return Applied.of(w, reactOne(h, w));
        }

        @Override
        public Applied addComment(Write.AddComment w) {
            PostgresDatabaseService.addComment(h, w.comment());
            return Applied.changed(w);
        }

        @Override
        public Applied removeComment(Write.RemoveComment w) {
            return Applied.of(w, h.createQuery(PostgresSql.REMOVE_COMMENT)
                    .bind("id", w.commentId()).mapTo(Integer.class).findOne().isPresent());
        }

        @Override
        public Applied setPlaceName(Write.SetPlaceName w) {
            return Applied.of(w, PostgresDatabaseService.this.setPlaceName(h, w));
        }

        @Override
        public Applied setPostPrecision(Write.SetPostPrecision w) {
            return Applied.of(w, PostgresDatabaseService.setPostPrecision(h, w));
        }

        @Override
        public Applied setCaption(Write.SetCaption w) {
            lockPost(h, w.postId());
            return Applied.of(w, h.createUpdate(PostgresSql.SET_CAPTION).bind("id", w.postId().value())
                    .bind("caption", w.caption()).execute() > 0);
        }

        @Override
        public Applied renameUser(Write.RenameUser w) {
            return Applied.of(w, PostgresDatabaseService.renameUser(h, w));
        }

        @Override
        public Applied deleteUser(Write.DeleteUser w) {
            return Applied.userDeleted(w, PostgresDatabaseService.deleteUser(h, w));
        }

        @Override
        public void createPosts(List<Post> posts) {
            PostgresDatabaseService.createPosts(h, posts);
        }

        @Override
        public List<Applied> react(List<Write.Reaction> reactions) {
            return reactAll(h, reactions);
        }

        @Override
        public void record(ActivityEntry entry) {
            try {
                PostgresActivityRows.insert(h.getConnection(), entry);
            } catch (SQLException e) {
                throw PostgresErrors.storageFailure("recording activity " + entry.action(), e);
            }
        }
    }

    private static void createUser(Handle h, User user) {
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
    }

    private static boolean setDefaultPrecision(Handle h, Write.SetDefaultPrecision w) {
        int updated = h.createUpdate(PostgresSql.SET_DEFAULT_PRECISION)
                .bind("id", w.userId()).bind("precision", w.precision().code()).execute();
        if (updated == 0 && h.createQuery(PostgresSql.USER_EXISTS).bind("id", w.userId()).mapTo(Boolean.class)
                .one() == Boolean.FALSE) {
            throw new NotFoundException("user " + w.userId() + " does not exist");
        }
        return updated > 0;
    }

    private static void createPost(Handle h, Post post) {
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
                return;
            }
            // ON CONFLICT waited for the other transaction, so this statement sees its post.
            Optional<UUID> existing = h.createQuery(PostgresSql.FIND_POST_BY_PICTURE)
                    .bind("authorId", post.author().id())
                    .bind("sha256", post.picture().sha256())
                    .mapTo(UUID.class)
                    .findOne();
            if (existing.isPresent()) {
                throw new DuplicatePostException(new PostId(existing.get()));
            }
        }
        throw new StorageException("PostgreSQL: createPost failed: the same picture keeps being posted and"
                + " deleted concurrently; try again");
    }

    /**
     * Three round trips whatever the number of posts: the authors are checked, the posts go in as
     * one JDBC batch, the tags as one statement (and the variants as another).
     */
    private static void createPosts(Handle h, List<Post> list) {
        LinkedHashSet<UUID> authors = new LinkedHashSet<>();
        list.forEach(p -> authors.add(p.author().id()));
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
                // Either a stored post or an earlier post of this very batch has the picture.
                throw h.createQuery(PostgresSql.FIND_POST_BY_PICTURE)
                        .bind("authorId", post.author().id())
                        .bind("sha256", post.picture().sha256())
                        .mapTo(UUID.class).findOne()
                        .<TankenException>map(existing -> new DuplicatePostException(new PostId(existing)))
                        .orElseGet(() -> new StorageException("PostgreSQL: createPosts failed: a post with"
                                + " the same picture as post " + post.id() + " was deleted concurrently; try again"));
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
    }

    private static boolean setTags(Handle h, PostId postId, List<String> tags) {
        lockPost(h, postId);
        List<String> current = h.createQuery(PostgresSql.TAGS_OF_POST).bind("id", postId.value())
                .mapTo(String.class).list();
        if (new java.util.TreeSet<>(current).equals(new java.util.TreeSet<>(tags))) {
            return false;
        }
        h.createUpdate(PostgresSql.DELETE_TAGS).bind("id", postId.value()).execute();
        insertTags(h, postId, tags);
        return true;
    }

    private static boolean setPostPrecision(Handle h, Write.SetPostPrecision w) {
        record Position(double latitude, double longitude, LocationPrecision precision) {
        }
        Position at = h.createQuery(PostgresSql.LOCK_POST_POSITION).bind("id", w.postId().value())
                .map((rs, ctx) -> new Position(rs.getDouble(1), rs.getDouble(2), LocationPrecision.parse(rs.getString(3))))
                .findOne().orElseThrow(() -> new NotFoundException("post " + w.postId() + " does not exist"));
        if (at.precision() == w.precision()) {
            return false;
        }
        // As at insert: only an approximate post stores its shown position (see V3).
        GeoPoint shown = w.precision() == LocationPrecision.APPROXIMATE
                ? w.precision().shown(GeoPoint.of(at.latitude(), at.longitude())) : null;
        h.createUpdate(PostgresSql.SET_POST_PRECISION)
                .bind("id", w.postId().value())
                .bind("precision", w.precision().code())
                .bind("shownLatitude", shown == null ? null : shown.latitude())
                .bind("shownLongitude", shown == null ? null : shown.longitude())
                .execute();
        return true;
    }

    private static boolean renameUser(Handle h, Write.RenameUser w) {
        int updated;
        try {
            updated = h.createUpdate(PostgresSql.RENAME_USER).bind("id", w.userId()).bind("username", w.username())
                    .execute();
        } catch (JdbiException e) {
            if (PostgresErrors.violates(e, PostgresErrors.UNIQUE_VIOLATION, "users_username_key")) {
                throw new ConflictException("username '" + w.username() + "' is already taken");
            }
            throw e;
        }
        if (updated == 0 && h.createQuery(PostgresSql.USER_EXISTS).bind("id", w.userId()).mapTo(Boolean.class)
                .one() == Boolean.FALSE) {
            throw new NotFoundException("user " + w.userId() + " does not exist");
        }
        return updated > 0;
    }

    /** The user's posts, their reactions and comments on others' posts (recounted), then the user. */
    private static Optional<dev.tanken.db.UserRemoval> deleteUser(Handle h, Write.DeleteUser w) {
        Optional<User> user = h.createQuery(PostgresSql.LOCK_USER).bind("id", w.userId())
                .map((rs, ctx) -> PostgresRows.user(rs)).findOne();
        if (user.isEmpty()) {
            return Optional.empty();
        }
        List<Post> posts = h.createQuery(PostgresSql.POSTS_OF_AUTHOR).bind("id", w.userId())
                .map((rs, ctx) -> PostgresRows.post(rs)).list();
        Set<PostId> recounted = new HashSet<>(h.createQuery(PostgresSql.POSTS_REACTED_TO_BY).bind("id", w.userId())
                .mapTo(UUID.class).list().stream().map(PostId::new).toList());
        long[] removed = new long[3];
        String[][] kinds = {{"likes", "user_id"}, {"bookmarks", "user_id"}, {"comments", "author_id"}};
        for (int k = 0; k < kinds.length; k++) {
            removed[k] = h.createQuery(PostgresSql.uncount(kinds[k][0], kinds[k][1])).bind("id", w.userId())
                    .mapTo(Long.class).one();
            h.createUpdate("DELETE FROM " + kinds[k][0] + " WHERE " + kinds[k][1] + " = :id").bind("id", w.userId())
                    .execute();
        }
        h.createUpdate(PostgresSql.DELETE_POSTS_OF_AUTHOR).bind("id", w.userId()).execute();
        h.createUpdate(PostgresSql.DELETE_USER).bind("id", w.userId()).execute();
        return Optional.of(new dev.tanken.db.UserRemoval(user.get(), posts, recounted, removed[0], removed[1],
                removed[2]));
    }

    private static void lockPost(Handle h, PostId postId) {
        if (h.createQuery(PostgresSql.LOCK_POST).bind("id", postId.value()).mapTo(Integer.class)
                .findOne().isEmpty()) {
            throw new NotFoundException("post " + postId + " does not exist");
        }
    }

    private boolean setPlaceName(Handle h, Write.SetPlaceName w) {
        lockPost(h, w.postId());
        if (w.placeName() == null) {
            return h.createUpdate(PlaceNameSql.DELETE).bind("id", w.postId().value()).execute() > 0;
        }
        return h.createUpdate(PlaceNameSql.UPSERT).bind("id", w.postId().value()).bind("name", w.placeName())
                .bind("at", PostgresRows.timestamptz(clock.instant())).execute() > 0;
    }

    /**
     * One statement adds or removes the row and moves the counter, only when a row really changed;
     * a no-op still checks that post and user exist, so that a mistyped id never looks like success.
     */
    private boolean reactOne(Handle h, Write.Reaction r) {
        String table = r.isLike() ? "likes" : "bookmarks";
        boolean changed;
        try {
            var q = h.createQuery(r.adds() ? PostgresSql.addReaction(table) : PostgresSql.removeReaction(table))
                    .bind("postId", r.postId().value()).bind("userId", r.userId());
            if (r.adds()) {
                q.bind("at", PostgresRows.timestamptz(clock.instant()));
            }
            changed = q.mapTo(Integer.class).findOne().isPresent();
        } catch (JdbiException e) {
            if (PostgresErrors.violates(e, PostgresErrors.FOREIGN_KEY_VIOLATION, table + "_post_fk")) {
                throw new NotFoundException("post " + r.postId() + " does not exist");
            }
            if (PostgresErrors.violates(e, PostgresErrors.FOREIGN_KEY_VIOLATION, table + "_user_fk")) {
                throw new NotFoundException("user " + r.userId() + " does not exist");
            }
            throw e;
        }
        if (!changed) {
            boolean[] exist = h.createQuery(PostgresSql.REACTION_TARGETS_EXIST).bind("postId", r.postId().value())
                    .bind("userId", r.userId())
                    .map((rs, ctx) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}).one();
            if (!exist[0]) {
                throw new NotFoundException("post " + r.postId() + " does not exist");
            }
            if (!exist[1]) {
                throw new NotFoundException("user " + r.userId() + " does not exist");
            }
        }
        return changed;
    }

    /**
     * A run of reactions in three round trips for up to about 250 of them: the posts and users are
     * checked in one query (the posts are locked already, see {@link #inTransaction}), then the
     * reactions go as one JDBC batch of {@link PostgresSql#REACT}, which pgjdbc sends in chunks of
     * about 250 statements.
     */
    private List<Applied> reactAll(Handle h, List<Write.Reaction> reactions) {
        Set<UUID> postIds = new LinkedHashSet<>();
        Set<UUID> userIds = new LinkedHashSet<>();
        for (Write.Reaction r : reactions) {
            postIds.add(r.postId().value());
            userIds.add(r.userId());
        }
        Set<UUID> posts = new HashSet<>();
        Set<UUID> users = new HashSet<>();
        h.createQuery(PostgresSql.REACTION_TARGETS).bindArray("postIds", UUID.class, postIds)
                .bindArray("userIds", UUID.class, userIds)
                .map((rs, ctx) -> Map.entry(rs.getString("kind"), rs.getObject("id", UUID.class)))
                .forEach(row -> (row.getKey().equals("post") ? posts : users).add(row.getValue()));
        // Named as the single calls name them: the first reaction, in list order, that cannot apply.
        for (Write.Reaction r : reactions) {
            if (!posts.contains(r.postId().value())) {
                throw new NotFoundException("post " + r.postId() + " does not exist");
            }
            if (!users.contains(r.userId())) {
                throw new NotFoundException("user " + r.userId() + " does not exist");
            }
        }
        OffsetDateTime at = PostgresRows.timestamptz(clock.instant());
        PreparedBatch batch = h.prepareBatch(PostgresSql.REACT);
        for (Write.Reaction r : reactions) {
            int delta = r.adds() ? 1 : -1;
            batch.bind("verb", r.verb())
                    .bind("postId", r.postId().value())
                    .bind("userId", r.userId())
                    .bind("at", at)
                    .bind("likes", r.isLike() ? delta : 0)
                    .bind("bookmarks", r.isLike() ? 0 : delta)
                    .add();
        }
        int[] counts = batch.execute();
        List<Applied> out = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            out.add(Applied.of(reactions.get(i), counts[i] > 0));
        }
        return out;
    }

    private static void addComment(Handle h, Comment comment) {
        try {
            h.createUpdate(PostgresSql.ADD_COMMENT)
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
    }

    private static void insertTags(Handle h, PostId postId, List<String> tags) {
        if (!tags.isEmpty()) {
            h.createUpdate(PostgresSql.INSERT_TAGS)
                    .bind("id", postId.value())
                    .bindArray("tags", String.class, tags)
                    .execute();
        }
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

    // ---- reads

    @Override
    protected Optional<User> readUser(UUID id) {
        return withHandle("findUser", h -> h.createQuery(PostgresSql.FIND_USER).bind("id", id)
                .map((rs, ctx) -> PostgresRows.user(rs)).findOne());
    }

    @Override
    protected Optional<User> readUserByName(String username) {
        return withHandle("findUserByName", h -> h.createQuery(PostgresSql.FIND_USER_BY_NAME)
                .bind("username", username).map((rs, ctx) -> PostgresRows.user(rs)).findOne());
    }

    @Override
    protected List<User> readUsers(UUID after, int fetch) {
        return withHandle("users", h -> {
            Query q = h.createQuery(after == null ? PostgresSql.USERS_FIRST : PostgresSql.USERS_NEXT)
                    .bind("limit", fetch);
            if (after != null) {
                q.bind("after", after);
            }
            return q.map((rs, ctx) -> PostgresRows.user(rs)).list();
        });
    }

    @Override
    protected List<Post> readPosts(Set<PostId> distinctIds) {
        if (distinctIds.size() == 1) {
            PostId id = distinctIds.iterator().next();
            return withHandle("findPost", h -> h.createQuery(PostgresSql.FIND_POST).bind("id", id.value())
                    .map((rs, ctx) -> PostgresRows.post(rs)).list());
        }
        List<UUID> ids = distinctIds.stream().map(PostId::value).toList();
        return withHandle("findPosts", h -> h.createQuery(PostgresSql.FIND_POSTS)
                .bindArray("ids", UUID.class, ids)
                .map((rs, ctx) -> PostgresRows.post(rs)).list());
    }

    @Override
    protected Optional<PostId> readPostByPicture(UUID authorId, String sha256) {
        return withHandle("findPostByPicture", h -> h.createQuery(PostgresSql.FIND_POST_BY_PICTURE)
                .bind("authorId", authorId).bind("sha256", sha256)
                .mapTo(UUID.class).findOne().map(PostId::new));
    }

    @Override
    protected List<PostId> readPostIdsBetween(PostId lowest, PostId highest, int limit) {
        return withHandle("postIdsStartingWith", h -> h.createQuery(PostgresSql.POST_IDS_BETWEEN)
                .bind("lowest", lowest.value()).bind("highest", highest.value()).bind("limit", limit)
                .mapTo(UUID.class).map(PostId::new).list());
    }

    @Override
    protected Set<String> readReferencedBlobKeys(List<String> distinctKeys) {
        if (distinctKeys.size() == 1) {
            String key = distinctKeys.get(0);
            return withHandle("isBlobReferenced", h -> h.createQuery(PostgresSql.BLOB_REFERENCED)
                    .bind("blobKey", key).mapTo(Boolean.class).one()) ? Set.of(key) : Set.of();
        }
        return withHandle("referencedBlobKeys", h -> new HashSet<>(h.createQuery(PostgresSql.REFERENCED_BLOB_KEYS)
                .bindArray("keys", String.class, distinctKeys).mapTo(String.class).list()));
    }

    @Override
    protected List<Post> readPostsByUser(UUID authorId, UUID after, int fetch) {
        return withHandle("postsByUser", h -> {
            Query q = h.createQuery(after == null ? PostgresSql.POSTS_BY_USER_FIRST : PostgresSql.POSTS_BY_USER_NEXT)
                    .bind("authorId", authorId)
                    .bind("limit", fetch);
            if (after != null) {
                q.bind("after", after);
            }
            return q.map((rs, ctx) -> PostgresRows.post(rs)).list();
        });
    }

    @Override
    protected List<NearbyRow> readNearby(GeoPoint center, double radiusMeters, Cursors.NearbyPosition after,
            int fetch, UUID viewerId) {
        double chord = SphericalGeometry.metersToChord(radiusMeters);
        Optional<MercatorNearby> mercator = MercatorNearby.around(center.latitude(), center.longitude(), chord);
        return withHandle("nearby", h -> {
            Query q;
            if (mercator.isPresent()) {
                q = h.createQuery(PostgresSql.nearbyMercator(viewerId != null, after != null, fetch,
                                fetch + MERCATOR_SURPLUS))
                        .bind("stretch", mercator.get().stretch())
                        .bind("reach", mercator.get().reach())
                        .bind("slack", MercatorNearby.SLACK);
            } else {
                q = h.createQuery(PostgresSql.nearbyCube(viewerId != null, after != null, fetch))
                        .bind("box", chord + BOX_SLACK)
                        .bind("slack", BOX_SLACK);
            }
            q.bind("lat", center.latitude())
                    .bind("lon", center.longitude())
                    .bind("chord", chord);
            if (after != null) {
                q.bind("afterChord", after.chord()).bind("afterId", after.id());
            }
            if (viewerId != null) {
                q.bind("viewer", viewerId);
            }
            return q.map((rs, ctx) -> {
                double c = rs.getDouble("chord");
                Post post = PostgresRows.post(rs).seenBy(viewerId);
                return new NearbyRow(new NearbyPost(post, SphericalGeometry.chordToMeters(c)), c);
            }).list();
        });
    }

    @Override
    protected long readPostCount() {
        return withHandle("countPosts", h -> h.createQuery(PostgresSql.COUNT_POSTS).mapTo(Long.class).one());
    }

    @Override
    protected Map<PostId, String> readPlaceNames(Set<PostId> distinctIds) {
        List<UUID> ids = distinctIds.stream().map(PostId::value).toList();
        return withHandle("placeNames", h -> {
            Map<PostId, String> names = new HashMap<>();
            h.createQuery(PlaceNameSql.FIND).bindArray("ids", UUID.class, ids)
                    .map((rs, ctx) -> Map.entry(new PostId(rs.getObject("post_id", UUID.class)), rs.getString("name")))
                    .forEach(e -> names.put(e.getKey(), e.getValue()));
            return names;
        });
    }

    @Override
    protected Optional<Comment> readComment(UUID commentId) {
        return withHandle("findComment", h -> h.createQuery(PostgresSql.FIND_COMMENT).bind("id", commentId)
                .map((rs, ctx) -> PostgresRows.comment(rs)).findOne());
    }

    @Override
    protected List<Comment> readComments(PostId postId, UUID after, int fetch) {
        return withHandle("comments", h -> {
            Query q = h.createQuery(after == null ? PostgresSql.COMMENTS_FIRST : PostgresSql.COMMENTS_NEXT)
                    .bind("postId", postId.value())
                    .bind("limit", fetch);
            if (after != null) {
                q.bind("after", after);
            }
            return q.map((rs, ctx) -> PostgresRows.comment(rs)).list();
        });
    }

    @Override
    protected List<BookmarkRow> readBookmarks(UUID userId, Cursors.TimeAndId after, int fetch) {
        return withHandle("bookmarks", h -> {
            Query q = h.createQuery(after == null ? PostgresSql.BOOKMARKS_FIRST : PostgresSql.BOOKMARKS_NEXT)
                    .bind("userId", userId)
                    .bind("limit", fetch);
            if (after != null) {
                q.bind("afterMicros", after.micros()).bind("afterId", after.id());
            }
            return q.map((rs, ctx) -> new BookmarkRow(PostgresRows.post(rs), rs.getLong("bookmarked_micros"))).list();
        });
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
    public long retriedReads() {
        return retriedReads.sum();
    }

    @Override
    protected void release() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresDatabaseService[" + description + "]";
    }

    // ---- plumbing

    /**
     * One read statement in auto-commit mode: atomic on its own, and one round trip. Reads change
     * nothing, so one whose connection was cut (the server restarted, a backend was terminated, the
     * network dropped) runs once more on a fresh connection, and says so in one line.
     */
    private <T> T withHandle(String operation, HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (TankenException e) {
            throw e;
        } catch (JdbiException e) {
            if (!PostgresErrors.isConnectionLost(e)) {
                throw PostgresErrors.storageFailure(operation, e);
            }
            LOG.warn("PostgreSQL connection lost during {} ({}); retrying it once", operation, rootMessage(e));
            try {
                T result = jdbi.withHandle(callback);
                retriedReads.increment();
                return result;
            } catch (TankenException again) {
                throw again;
            } catch (JdbiException again) {
                again.addSuppressed(e);
                throw PostgresErrors.storageFailure(operation, again);
            }
        }
    }

    private <T> T inTransaction(String operation, HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.inTransaction(callback);
        } catch (TankenException e) {
            throw e;
        } catch (JdbiException e) {
            throw PostgresErrors.storageFailure(operation, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof java.net.UnknownHostException) {
            // Its message is the bare host name, which reads as no reason at all.
            return "unknown host " + t.getMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
