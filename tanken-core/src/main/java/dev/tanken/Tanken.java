package dev.tanken;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.ActivityStream;
import dev.tanken.activity.internal.ActivityRecorder;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.BlobStores;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.db.NearbyPost;
import dev.tanken.db.Page;
import dev.tanken.ingest.IngestLimits;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoInspector;
import dev.tanken.internal.PhotoUploader;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.model.Validation;
import dev.tanken.social.internal.ActivityEntries;
import dev.tanken.social.internal.SocialActions;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

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
 * <p>Every state-changing call is recorded in the {@linkplain #activity() activity log}: with the
 * embedded default in the same transaction as the change; with an {@link ActivityStream} through
 * that stream (see {@link #using(DatabaseService, BlobStore, IngestLimits, ActivityStream)}).
 *
 * <p>Social calls name the acting user by username. Actions that add something (upload, like,
 * bookmark, comment) create the user on first use, as {@link #user(String)} does; actions that
 * need ownership (delete, tag edits, comment deletion) never create one.
 *
 * <p>Thread-safe: one instance serves a whole application.
 */
public final class Tanken implements AutoCloseable {
    private final DatabaseService db;
    private final BlobStore blobs;
    private final PhotoInspector inspector;
    private final PhotoUploader uploader;
    private final ActivityRecorder activity;
    private final SocialActions social;
    private final boolean owned;

    private Tanken(DatabaseService db, BlobStore blobs, IngestLimits limits, ActivityStream stream, boolean owned) {
        this.db = Objects.requireNonNull(db, "database");
        this.blobs = Objects.requireNonNull(blobs, "blob store");
        this.inspector = new PhotoInspector(limits);
        this.activity = new ActivityRecorder(db::activityLog, stream);
        this.uploader = new PhotoUploader(db, blobs, activity);
        // Hook for copies of a deleted post held outside the database and blob store: the cache
        // tier evicts its entries here once it is wired into Tanken.
        this.social = new SocialActions(db, blobs, activity, deleted -> { });
        this.owned = owned;
    }

    /** Opens the database and blob store the configuration names; closing Tanken closes them. */
    public static Tanken open(TankenConfig config) {
        DatabaseService db = DatabaseServices.open(config.databaseUrl());
        try {
            return new Tanken(db, BlobStores.open(config.blobUrl()), config.limits(), null, true);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The embedded default (or whatever TANKEN_* environment variables say). */
    public static Tanken open() {
        return open(TankenConfig.fromEnvironment());
    }

    /** Wraps services the caller created and still owns: closing Tanken does not close them. */
    public static Tanken using(DatabaseService db, BlobStore blobs, IngestLimits limits) {
        return using(db, blobs, limits, null);
    }

    /**
     * Like {@link #using(DatabaseService, BlobStore, IngestLimits)}, but activity entries travel
     * through {@code stream} (a worker writes them to the log) instead of being written in each
     * action's transaction; null keeps same-transaction writes. The caller keeps owning the stream.
     */
    public static Tanken using(DatabaseService db, BlobStore blobs, IngestLimits limits, ActivityStream stream) {
        return new Tanken(db, blobs, limits == null ? IngestLimits.DEFAULT : limits, stream, false);
    }

    public DatabaseService database() {
        return db;
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
            return activity.record(ActivityEntries.userCreated(created), e -> db.createUser(created, e), u -> true);
        } catch (ConflictException raced) {
            // Another thread or process created the same user between our read and our insert.
            return db.findUserByName(username).orElseThrow(() -> raced);
        }
    }

    /**
     * Creates a user, recording it in the activity log.
     *
     * @param email nullable
     * @throws ConflictException if the name is taken
     */
    public User createUser(String username, String email) {
        User user = User.create(username, email);
        return activity.record(ActivityEntries.userCreated(user), e -> db.createUser(user, e), u -> true);
    }

    /**
     * Uploads a photo file: reads it once, checks format and limits, takes its location from EXIF
     * GPS (or {@code options.location()}), stores the picture and creates the post.
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

    private UploadResult upload(Photo photo, UploadOptions options) {
        Objects.requireNonNull(options, "options");
        return uploader.upload(photo, user(options.username()).ref(), options);
    }

    public Optional<Post> post(PostId id) {
        return db.findPost(id);
    }

    /** Posts within {@code radiusMeters} of {@code center}, nearest first; see {@link DatabaseService#nearby}. */
    public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) {
        return db.nearby(center, radiusMeters, limit, cursor);
    }

    // ---- social

    /** Likes a post; true if the like is new (liking twice counts once). @throws NotFoundException */
    public boolean like(String username, PostId postId) {
        return social.like(user(username).ref(), postId);
    }

    /** Removes a like; true if there was one. @throws NotFoundException if the post does not exist */
    public boolean unlike(String username, PostId postId) {
        return social.unlike(user(username).ref(), postId);
    }

    /** Bookmarks a post; true if the bookmark is new. @throws NotFoundException */
    public boolean bookmark(String username, PostId postId) {
        return social.bookmark(user(username).ref(), postId);
    }

    /** Removes a bookmark; true if there was one. @throws NotFoundException */
    public boolean unbookmark(String username, PostId postId) {
        return social.unbookmark(user(username).ref(), postId);
    }

    /** Adds a comment. @throws NotFoundException if the post does not exist */
    public Comment comment(String username, PostId postId, String text) {
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

    /** A user's posts, newest first. @throws NotFoundException if there is no such user */
    public Page<Post> posts(String username, int limit, String cursor) {
        return db.postsByUser(requireUser(username).id(), limit, cursor);
    }

    /** The posts a user bookmarked, latest bookmark first. @throws NotFoundException for an unknown user */
    public Page<Post> bookmarks(String username, int limit, String cursor) {
        return db.bookmarks(requireUser(username).id(), limit, cursor);
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

    /** The activity log of this Tanken's database, for searching (entries are written by Tanken). */
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

    /** The original picture of a post, or empty if the post does not exist. */
    public Optional<InputStream> openPicture(PostId id) {
        return db.findPost(id).map(p -> blobs.open(p.picture().blobKey()).orElseThrow(
                () -> new StorageException("picture " + p.picture().blobKey() + " of post " + id + " is missing")));
    }

    @Override
    public void close() {
        if (owned) {
            try {
                db.close();
            } finally {
                blobs.close();
            }
        }
    }
}
