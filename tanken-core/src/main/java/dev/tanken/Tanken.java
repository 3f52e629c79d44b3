package dev.tanken;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.internal.NearbyCursors;
import dev.tanken.internal.Authorization;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.BlobStores;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.CacheStats;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.discover.Exploration;
import dev.tanken.discover.ExploreQuery;
import dev.tanken.discover.HotspotFinder;
import dev.tanken.geocode.PlaceMatch;
import dev.tanken.geocode.PostPlace;
import dev.tanken.geocode.PostPlaces;
import dev.tanken.geocode.ReverseGeocoder;
import dev.tanken.ingest.IngestLimits;
import dev.tanken.map.MapScene;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoInspector;
import dev.tanken.ingest.internal.DerivativeMaker;
import dev.tanken.internal.BlobCollector;
import dev.tanken.internal.PhotoUploader;
import dev.tanken.internal.PolicyWrites;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureSize;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import dev.tanken.model.Validation;
import dev.tanken.internal.ActivityEntries;
import dev.tanken.internal.SocialActions;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The entry point of the library: one object that wires a {@link DatabaseService}, a
 * {@link BlobStore} and photo ingest together.
 *
 * <pre>{@code
 * try (Tanken tanken = Tanken.open(TankenConfig.fromEnvironment())) {
 *     UploadResult r = tanken.upload(Path.of("shibuya.jpg"), UploadOptions.by("aiko"));
 *     Page<NearbyPost> near = tanken.nearby(GeoPoint.of(35.6595, 139.7005), 1_000, 20, null);
 * }
 * }</pre>
 *
 * <p>Every state-changing call, place names included, is recorded in the {@linkplain #activity()
 * activity log} once, and only if it changed something, in the same database transaction as the
 * change: the log is the database's history. Under write-back the entry travels with the queued
 * write and is recorded when the flusher applies it, only if the database then changes something.
 *
 * <p>Social calls name the acting user by username. Actions that add something (upload, like,
 * bookmark, comment) create the user on first use, as {@link #user(String)} does; actions that
 * need ownership (delete, tag edits, comment deletion) never create one.
 *
 * <p>With a cache configured ({@link TankenConfig#cacheUrl()}), the database is reached through a
 * {@link CachingDatabaseService}: post reads and anonymous nearby searches are served from Redis
 * where it can, and writes follow the configured {@link WritePolicy}; {@link #createPost(Post,
 * WritePolicy)} and {@link #setPost} choose one per call, and {@link #cache()} applies any other
 * {@link dev.tanken.db.Write} under a policy of the caller's choice
 * ({@link CachingDatabaseService#apply(dev.tanken.db.Write, WritePolicy)}).
 *
 * <p>Thread-safe: one instance serves a whole application.
 */
public final class Tanken implements AutoCloseable {
    private final DatabaseService db;
    private final CachingDatabaseService tier;
    private final PolicyWrites writes;
    private final BlobStore blobs;
    private final PhotoInspector inspector;
    private final PhotoUploader uploader;
    private final SocialActions social;
    /** What Tanken opened and closes, in the order it closes them. */
    private final List<AutoCloseable> owned;
    private final HotspotFinder hotspots;
    private final PostPlaces places;
    private final Clock clock;
    private final Supplier<ReverseGeocoder> geocoder;

    /** Called by {@link TankenBuilder#build()} with everything resolved. */
    Tanken(DatabaseService db, CachingDatabaseService tier, BlobStore blobs, IngestLimits limits,
            Clock clock, Supplier<ReverseGeocoder> geocoder, List<AutoCloseable> owned) {
        this.db = Objects.requireNonNull(db, "database");
        this.tier = tier;
        this.writes = new PolicyWrites(db, tier);
        this.blobs = Objects.requireNonNull(blobs, "blob store");
        this.inspector = new PhotoInspector(limits);
        this.uploader = new PhotoUploader(db, blobs, new DerivativeMaker(limits.maxPixels()));
        // Hook for copies of a deleted post held outside the database and blob store. The cache
        // tier needs none: when configured it is the database here and drops its copies itself.
        this.social = new SocialActions(db, blobs, deleted -> { });
        this.owned = List.copyOf(owned);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.geocoder = Objects.requireNonNull(geocoder, "geocoder");
        this.hotspots = new HotspotFinder(db, geocoder, clock);
        this.places = new PostPlaces(db, geocoder);
    }

    /**
     * A builder for every way of putting Tanken together: backends by URL or as instances (owned or
     * borrowed), a cache tier and its options, the clock and the geocoder.
     */
    public static TankenBuilder builder() {
        return new TankenBuilder();
    }

    /**
     * Opens the database, the cache (if configured) and the blob store the configuration names;
     * closing Tanken closes them.
     *
     * @throws StorageException if a configured service cannot be reached
     */
    public static Tanken open(TankenConfig config) {
        return builder().config(config).build();
    }

    /** The embedded default (or whatever TANKEN_* environment variables say). */
    public static Tanken open() {
        return open(TankenConfig.fromEnvironment());
    }

    /** Wraps services the caller created and still owns: closing Tanken does not close them. */
    public static Tanken using(DatabaseService db, BlobStore blobs, IngestLimits limits) {
        return builder().database(db).blobs(blobs).limits(limits).build();
    }

    /** The database as Tanken reaches it: through the cache tier when one is configured. */
    public DatabaseService database() {
        return db;
    }

    /** The cache tier, when a cache is configured (or when {@link #using} was given one). */
    public Optional<CachingDatabaseService> cache() {
        return Optional.ofNullable(tier);
    }

    /** Cache hits, misses, database round trips and write-back queue figures, when a cache is configured. */
    public Optional<CacheStats> cacheStats() {
        return cache().map(CachingDatabaseService::stats);
    }

    /** Applies pending write-back writes to the database; a no-op without a cache. */
    public void flush() {
        if (tier != null) {
            tier.flush();
        }
    }

    /**
     * The seed design's {@code setPost(post, needWriteBackNow, needCache)}: creates a post, writing
     * the database now and caching it (write-through), caching it now and writing the database later
     * (write-back), or writing the database only (write-around). See {@link WritePolicy#of}.
     */
    public void setPost(Post post, boolean writeDatabaseNow, boolean cache) {
        createPost(post, WritePolicy.of(writeDatabaseNow, cache));
    }

    /**
     * Creates a post (its picture already stored) with this write policy instead of the configured
     * one, recording it in the activity log like an upload.
     *
     * @throws InvalidInputException for write-back without a cache
     */
    public void createPost(Post post, WritePolicy policy) {
        requireNonNull(post, "post");
        writes.apply(new Write.CreatePost(post, ActivityEntries.postCreated(post)), policy);
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** The user with this name, created on first use. */
    public User user(String username) {
        Validation.username(username);
        Optional<User> existing = db.findUserByName(username);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            User created = User.create(username, null);
            db.apply(new Write.CreateUser(created, ActivityEntries.userCreated(created)));
            return created;
        } catch (ConflictException raced) {
            // Another thread or process created the same user between our read and our insert.
            return db.findUserByName(username).orElseThrow(() -> raced);
        }
    }

    /**
     * Creates a user (see {@link User#create}), recording it in the activity log.
     *
     * @throws ConflictException if the name or id is taken
     */
    public User createUser(User user) {
        requireNonNull(user, "user");
        db.apply(new Write.CreateUser(user, ActivityEntries.userCreated(user)));
        return user;
    }

    /**
     * Uploads a photo file: reads it once, checks format and limits, takes its location from EXIF
     * GPS (or {@code options.location()}) and, unless the options give a caption, its caption from
     * the photo's own description (see {@link dev.tanken.ingest.PhotoMetadata#caption()}), stores the
     * picture and creates the post.
     *
     * @throws InvalidPhotoException if the file is not an acceptable photo
     * @throws MissingLocationException if neither the photo nor the options give a location
     */
    public UploadResult upload(Path file, UploadOptions options) {
        Objects.requireNonNull(file, "file");
        return upload(inspector.read(file), options);
    }

    /** Uploads a photo held in memory; see {@link #upload(Path, UploadOptions)}. */
    public UploadResult upload(byte[] bytes, UploadOptions options) {
        Objects.requireNonNull(bytes, "bytes");
        return upload(inspector.inspect(bytes), options);
    }

    /**
     * Uploads a photo held in memory as a post with the id the caller chose (see {@link PostId#newId()}),
     * so that a retried upload creates one post: when a post with that id exists, by the same user with
     * the same photo, it is the answer ({@link UploadResult.Status#DUPLICATE}).
     *
     * @throws ConflictException if another post has that id
     */
    public UploadResult upload(byte[] bytes, UploadOptions options, PostId postId) {
        Objects.requireNonNull(bytes, "bytes");
        requireNonNull(postId, "post id");
        Objects.requireNonNull(options, "options");
        return uploader.upload(inspector.inspect(bytes), author(options.username()), options, postId);
    }

    private UploadResult upload(Photo photo, UploadOptions options) {
        Objects.requireNonNull(options, "options");
        return uploader.upload(photo, author(options.username()), options);
    }

    /** An upload's author, created (on first use) only once the upload passed every check. */
    private PhotoUploader.Author author(String username) {
        Validation.username(username);
        Optional<User> existing = db.findUserByName(username);
        return existing.map(PhotoUploader.Author::existing)
                .orElseGet(() -> PhotoUploader.Author.created(User.create(username, null), () -> user(username)));
    }

    /**
     * Sets the location precision the user's uploads get when an upload does not choose one; the user
     * is created on first use.
     */
    public User setDefaultLocationPrecision(String username, LocationPrecision precision) {
        requireNonNull(precision, "location precision");
        User u = user(username);
        db.apply(new Write.SetDefaultPrecision(u.id(), precision, ActivityEntries.precisionSet(u, precision)));
        return u.withDefaultLocationPrecision(precision);
    }

    /**
     * Gives a user another name. Their posts and comments show it at once (they refer to the user by
     * id); activity entries keep the name they were recorded with, and a {@code user.rename} entry
     * {username, previous} records the change.
     *
     * @throws NotFoundException if there is no user named {@code username}
     * @throws InvalidInputException if {@code newUsername} is not a valid username
     * @throws dev.tanken.ConflictException if another user has {@code newUsername}
     */
    public User renameUser(String username, String newUsername) {
        Validation.username(newUsername);
        User u = requireUser(username);
        if (!u.username().equals(newUsername) && db.findUserByName(newUsername).isPresent()) {
            throw new dev.tanken.ConflictException("username '" + newUsername + "' is already taken");
        }
        db.apply(new Write.RenameUser(u.id(), newUsername, ActivityEntries.userRenamed(u, newUsername)));
        return db.findUser(u.id()).orElseThrow(() -> new NotFoundException("user '" + newUsername
                + "' does not exist (deleted meanwhile)"));
    }

    /**
     * Deletes a user and everything that is theirs, in one transaction: their posts (with the
     * comments, likes and bookmarks others left on them), and their comments, likes and bookmarks on
     * other users' posts, whose counters drop to match. Then the pictures of the deleted posts that
     * no other post uses are removed from the blob store (any left behind by a failure there are
     * found by {@code blobs gc}). Activity entries stay as the history of what happened, and a
     * {@code user.delete} entry records the deletion.
     *
     * @return what was removed
     * @throws NotFoundException if there is no user named {@code username}
     */
    public dev.tanken.db.UserRemoval deleteUser(String username) {
        return social.deleteUser(requireUser(username));
    }

    /** The post exactly as stored, location included whatever its precision: for its author or the system. */
    public Optional<Post> post(PostId id) {
        return db.findPost(id);
    }

    /**
     * The post as {@code viewerId} may see it: its author sees everything; anyone else (null:
     * anonymous) sees the location its precision allows (see {@link Post#seenBy}).
     */
    public Optional<Post> post(PostId id, UUID viewerId) {
        return db.findPost(id, viewerId);
    }

    /** One page of the posts {@code query} asks for, nearest first, as its viewer may see them. */
    public Page<NearbyPost> nearby(NearbyQuery query) {
        requireNonNull(query, "nearby query");
        return nearby(query.center(), query.radiusMeters(), query.limit(), query.cursor(), query.viewerId());
    }

    /** Posts within {@code radiusMeters} of {@code center}, nearest first, as an anonymous viewer sees them. */
    public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) {
        return nearby(center, radiusMeters, limit, cursor, null);
    }

    // ---- discover

    /**
     * Hotspots around a point: clusters of posts ranked by engagement, recency and distinct
     * posters, each named after a place. See {@link HotspotFinder} and {@link dev.tanken.discover.HotspotScore}.
     */
    public Exploration explore(ExploreQuery query) {
        return hotspots.explore(query);
    }

    /**
     * The {@code limit} best hotspots within {@code radiusMeters} of {@code center}, from posts created
     * at or after {@code since} (null: all), with the default ranking parameters.
     */
    public Exploration explore(GeoPoint center, double radiusMeters, int limit, Instant since) {
        return explore(ExploreQuery.around(center, radiusMeters).withLimit(limit).withSince(since));
    }

    /**
     * What a map of {@code query} shows: its hotspots and up to {@link MapScene#MAX_POST_DOTS} of the
     * nearest posts, both as the query's viewer may see them, newer than its {@code since}.
     */
    public MapScene mapScene(ExploreQuery query, String title) {
        Exploration exploration = explore(query);
        List<GeoPoint> dots = new java.util.ArrayList<>();
        String cursor = null;
        do {
            int want = Math.min(DatabaseService.MAX_LIMIT, MapScene.MAX_POST_DOTS - dots.size());
            Page<NearbyPost> page = nearby(query.center(), query.radiusMeters(), want, cursor, query.viewerId());
            for (NearbyPost hit : page.items()) {
                if (query.since() == null || !hit.post().createdAt().isBefore(query.since())) {
                    dots.add(hit.post().location());
                }
            }
            cursor = dots.size() < MapScene.MAX_POST_DOTS ? page.nextCursor() : null;
        } while (cursor != null);
        return new MapScene(query.center(), query.radiusMeters(), dots, exploration.hotspots(), title);
    }

    /** The populated place a point is in, offline (see {@link ReverseGeocoder#lookup}). */
    public Optional<PlaceMatch> placeAt(GeoPoint point) {
        return geocoder.get().lookup(point);
    }

    /**
     * The place name of a post as {@code viewerId} may see it (null: anonymous): its author's choice,
     * else the gazetteer's for the location the viewer is shown (see {@link PostPlaces}); empty if the
     * post does not exist.
     */
    public Optional<PostPlace> place(PostId id, UUID viewerId) {
        return db.findPost(id, viewerId).map(places::of);
    }

    /** Place names of many posts at once, keyed in their order; pass the posts as the viewer sees them. */
    public Map<PostId, PostPlace> places(List<Post> posts) {
        return places.of(posts);
    }

    /**
     * Lets a post's author name its place, overriding the gazetteer; a null or blank name goes back
     * to the gazetteer's.
     *
     * @throws NotFoundException if the post does not exist
     * @throws ForbiddenException if {@code username} is not the post's author
     * @throws InvalidInputException if the name is not acceptable ({@link dev.tanken.geocode.PlaceNames})
     */
    public PostPlace setPlaceName(String username, PostId id, String name) {
        Validation.username(username);
        Objects.requireNonNull(id, "post id");
        Post post = db.findPost(id).orElseThrow(() -> new NotFoundException("post " + id + " does not exist"));
        Authorization.requireAuthor(post, post.author().username().equals(username) ? post.author() : null, username,
                "name the place of");
        String chosen = name == null || name.isBlank() ? null : name;
        UserRef author = post.author();
        Write.SetPlaceName write = new Write.SetPlaceName(id, chosen);
        String previous = db.placeNames(List.of(id)).get(id);
        db.apply(write.withEntry(ActivityEntries.placeNamed(author, post, write.placeName(), previous)));
        return places.of(post); // the author's view: exact
    }

    /** The original picture of a post, or empty if the post does not exist. */
    /**
     * Posts within {@code radiusMeters} of {@code center}, nearest first, as {@code viewerId} may see
     * them (null: anonymous); see {@link DatabaseService#nearby(GeoPoint, double, int, String, UUID)}. The
     * next page's cursor is bound to this centre, radius and viewer: another search refuses it.
     */
    public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId) {
        requireNonNull(center, "center");
        Page<NearbyPost> page = db.nearby(center, radiusMeters, limit,
                NearbyCursors.unbind(center, radiusMeters, viewerId, cursor), viewerId);
        return new Page<>(page.items(), NearbyCursors.bind(center, radiusMeters, viewerId, page.nextCursor()));
    }

    // ---- social

    /**
     * Applies a reaction of {@code username} (created on first use by a like or a bookmark) to a post, and says what is
     * known of it: {@link Applied#changed() changed} when the database added or removed the like or
     * bookmark (and so recorded its activity entry), unchanged for a no-op, or, under write-back,
     * {@link Applied#queued() queued}: the database decides when the queue is flushed.
     *
     * @throws NotFoundException if the post does not exist
     */
    public Applied react(String username, PostId postId, ReactionKind kind) {
        requireNonNull(postId, "post id");
        requireNonNull(kind, "reaction");
        // Checked before the user is created on first use: a rejected action creates no user.
        requirePost(postId);
        if (!kind.adds()) {
            Optional<User> u = db.findUserByName(Validation.username(username));
            if (u.isEmpty()) {
                // A user who does not exist has nothing to take back, and is not created for it.
                return Applied.unchanged(kind.of(postId, NOBODY));
            }
            return social.react(kind.of(postId, u.get().id()), u.get().ref());
        }
        UserRef user = user(username).ref();
        return social.react(kind.of(postId, user.id()), user);
    }

    /** Stands for a user who does not exist in the answer to an undo by one. */
    private static final UUID NOBODY = new UUID(0, 0);

    /**
     * Likes a post; true if the like is new (liking twice counts once), false if it was there, and
     * false under write-back, where it is not known yet ({@link #react} tells which).
     *
     * @throws NotFoundException if the post does not exist
     */
    public boolean like(String username, PostId postId) {
        return react(username, postId, ReactionKind.LIKE).changed();
    }

    /**
     * Removes a like; true if there was one (see {@link #like} for write-back). A user who does not
     * exist has none, and is not created.
     *
     * @throws NotFoundException if the post does not exist
     */
    public boolean unlike(String username, PostId postId) {
        return react(username, postId, ReactionKind.UNLIKE).changed();
    }

    /** Bookmarks a post; true if the bookmark is new (see {@link #like} for write-back). @throws NotFoundException */
    public boolean bookmark(String username, PostId postId) {
        return react(username, postId, ReactionKind.BOOKMARK).changed();
    }

    /**
     * Removes a bookmark; true if there was one (see {@link #like} for write-back). A user who does
     * not exist has none, and is not created.
     *
     * @throws NotFoundException if the post does not exist
     */
    public boolean unbookmark(String username, PostId postId) {
        return react(username, postId, ReactionKind.UNBOOKMARK).changed();
    }

    /** Adds a comment. @throws NotFoundException if the post does not exist */
    public Comment comment(String username, PostId postId, String text) {
        Validation.commentText(text);
        requirePost(postId);
        return social.comment(user(username).ref(), postId, text);
    }

    /**
     * Deletes a comment and returns it. Allowed to the comment's author and the post's author.
     *
     * @throws NotFoundException if there is no such comment
     * @throws ForbiddenException if {@code username} is neither
     */
    public Comment deleteComment(String username, UUID commentId) {
        requireNonNull(commentId, "comment id");
        return social.deleteComment(existingUser(username), username, commentId);
    }

    /** A post's comments, oldest first. @throws NotFoundException if the post does not exist */
    public Page<Comment> comments(PostId postId, int limit, String cursor) {
        requirePost(postId);
        return db.comments(postId, limit, cursor);
    }

    /**
     * A user's posts, newest first, exactly as stored (for the author or the system; see {@link
     * #posts(String, int, String, UUID)}). @throws NotFoundException if there is no such user
     */
    public Page<Post> posts(String username, int limit, String cursor) {
        return db.postsByUser(requireUser(username).id(), limit, cursor);
    }

    /** A user's posts, newest first, as {@code viewerId} may see them (null: anonymous; see {@link Post#seenBy}). */
    public Page<Post> posts(String username, int limit, String cursor, UUID viewerId) {
        return seenBy(posts(username, limit, cursor), viewerId);
    }

    /** The posts a user bookmarked, latest bookmark first, as stored. @throws NotFoundException for an unknown user */
    public Page<Post> bookmarks(String username, int limit, String cursor) {
        return db.bookmarks(requireUser(username).id(), limit, cursor);
    }

    /** The posts a user bookmarked, latest first, as {@code viewerId} may see them (null: anonymous). */
    public Page<Post> bookmarks(String username, int limit, String cursor, UUID viewerId) {
        return seenBy(bookmarks(username, limit, cursor), viewerId);
    }

    private static Page<Post> seenBy(Page<Post> page, UUID viewerId) {
        return new Page<>(page.items().stream().map(p -> p.seenBy(viewerId)).toList(), page.nextCursor());
    }

    /**
     * Replaces a post's tags (normalised as {@link Validation#tags} does) and returns the post.
     *
     * @throws ForbiddenException unless {@code username} is the post's author
     */
    public Post setTags(String username, PostId postId, Collection<String> tags) {
        return social.setTags(existingUser(username), username, postId, tags);
    }

    /**
     * Changes how precisely everyone but the author is shown a post's location, exactly as the
     * upload's precision would have: {@code hidden} takes it out of other users' nearby searches and
     * details, {@code approximate} shows its grid cell's centre, {@code exact} the position. Records
     * a {@code post.precision} activity entry when the precision changed. Returns the post as its
     * author sees it.
     *
     * @throws NotFoundException if the post does not exist
     * @throws ForbiddenException unless {@code username} is the post's author
     */
    public Post setPostPrecision(String username, PostId postId, LocationPrecision precision) {
        return social.setPrecision(existingUser(username), username, postId, precision);
    }

    /**
     * Replaces a post's caption, checked as an upload's caption is; a null or blank caption removes
     * it. Records a {@code post.caption} activity entry (with the lengths, not the text) when the
     * caption changed. Returns the post as its author sees it.
     *
     * @throws NotFoundException if the post does not exist
     * @throws ForbiddenException unless {@code username} is the post's author
     * @throws InvalidInputException if the caption is too long or holds control characters
     */
    public Post setCaption(String username, PostId postId, String caption) {
        return social.setCaption(existingUser(username), username, postId, caption);
    }

    /**
     * Deletes a post with its picture (unless another post shares it), comments, likes and
     * bookmarks, and returns what was deleted.
     *
     * @throws NotFoundException if the post does not exist
     * @throws ForbiddenException unless {@code username} is the post's author
     */
    public Post delete(String username, PostId postId) {
        return social.deletePost(existingUser(username), username, postId);
    }

    // ---- activity

    /**
     * The activity log of this Tanken's database: Tanken writes its own entries in each change's
     * transaction; other applications' entries arrive through {@link ActivityLog#ingest()}.
     */
    public ActivityLog activity() {
        return db.activityLog();
    }

    /** Searches the activity log, newest first. */
    public Page<ActivityEntry> activity(ActivityQuery query) {
        return db.activityLog().search(query);
    }

    private UserRef existingUser(String username) {
        Validation.username(username);
        return db.findUserByName(username).map(User::ref).orElse(null);
    }

    private User requireUser(String username) {
        Validation.username(username);
        return db.findUserByName(username).orElseThrow(() -> new NotFoundException("no user named '" + username + "'"));
    }

    private void requirePost(PostId postId) {
        requireNonNull(postId, "post id");
        if (db.findPost(postId).isEmpty()) {
            throw new NotFoundException("post " + postId + " does not exist");
        }
    }

    private static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new InvalidInputException(what + " must not be null");
        }
        return value;
    }

    /** The original picture of a post, or empty if the post does not exist. Private data: see below. */
    public Optional<InputStream> openPicture(PostId id) {
        return db.findPost(id).map(p -> blobs.open(p.picture().blobKey()).orElseThrow(
                () -> new StorageException("picture " + p.picture().blobKey() + " of post " + id + " is missing")));
    }

    /**
     * One size of a post's picture as {@code viewerId} may have it, or empty if the post does not
     * exist. The thumbnail and large copies carry no metadata and are for everyone; the original keeps
     * the photo's EXIF (GPS included) and is given to its author only.
     *
     * @throws ForbiddenException if someone other than the author asks for the original
     * @throws NotFoundException if the post has no copy of that size (the reason, such as an
     *     undecodable HEIC original, is in the message)
     */
    public Optional<PictureStream> openPicture(PostId id, PictureSize size, UUID viewerId) {
        Objects.requireNonNull(size, "size");
        Optional<Post> found = db.findPost(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Post p = found.get();
        String key;
        String mediaType;
        int width;
        int height;
        if (size == PictureSize.ORIGINAL) {
            Authorization.requireOriginalViewer(p, viewerId);
            key = p.picture().blobKey();
            mediaType = p.picture().mediaType();
            width = p.picture().width();
            height = p.picture().height();
        } else {
            PictureVariant v = p.variant(size).orElseThrow(() -> new NotFoundException("post " + id + " has no "
                    + size.code() + " copy" + (p.variantsNote() == null ? "" : ": " + p.variantsNote())));
            key = v.blobKey();
            mediaType = v.mediaType();
            width = v.width();
            height = v.height();
        }
        InputStream in = blobs.open(key).orElseThrow(() -> new StorageException(
                "the " + size.code() + " picture " + key + " of post " + id + " is missing from the blob store"));
        return Optional.of(new PictureStream(id, size, mediaType, width, height, in));
    }

    /**
     * Removes blobs no post refers to that are older than an hour; see {@link #collectGarbage(boolean,
     * Duration)}.
     */
    public GarbageReport collectGarbage(boolean dryRun) {
        return collectGarbage(dryRun, BlobCollector.DEFAULT_GRACE_PERIOD);
    }

    /**
     * Finds blobs no post refers to (neither as picture nor as a copy) and, unless {@code dryRun},
     * removes those older than {@code gracePeriod}; younger ones may belong to an upload in flight and
     * are only counted.
     */
    public GarbageReport collectGarbage(boolean dryRun, Duration gracePeriod) {
        return new BlobCollector(db, blobs, clock).collect(dryRun, gracePeriod);
    }

    /**
     * Drains the write-back queue, then closes what Tanken opened (the cache,
     * the database, the blob store); what the caller handed in stays open.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new StorageException("closing failed: " + e.getMessage(), e);
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
