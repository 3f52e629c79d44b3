package dev.tanken;

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
import dev.tanken.db.Page;
import dev.tanken.ingest.IngestLimits;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoInspector;
import dev.tanken.internal.PhotoUploader;
import dev.tanken.internal.PolicyWrites;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.Validation;
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
 * <p>With a cache configured ({@link TankenConfig#cacheUrl()}), the database is reached through a
 * {@link CachingDatabaseService}: post reads and nearby searches are served from Redis where it can,
 * and writes follow the configured {@link WritePolicy}, which the methods taking a policy override
 * per call.
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
    private final boolean owned;

    private Tanken(DatabaseService db, CachingDatabaseService tier, BlobStore blobs, IngestLimits limits,
            boolean owned) {
        this.db = Objects.requireNonNull(db, "database");
        this.tier = tier;
        this.writes = new PolicyWrites(db, tier);
        this.blobs = Objects.requireNonNull(blobs, "blob store");
        this.inspector = new PhotoInspector(limits);
        this.uploader = new PhotoUploader(db, blobs);
        this.owned = owned;
    }

    /**
     * Opens the database, the cache (if configured) and the blob store the configuration names;
     * closing Tanken closes them.
     *
     * @throws StorageException if a configured service cannot be reached
     */
    public static Tanken open(TankenConfig config) {
        DatabaseService db = DatabaseServices.open(config.databaseUrl());
        DatabaseService front = db;
        CachingDatabaseService tier = null;
        try {
            if (config.cacheUrl() != null) {
                PostCacheService cache = CacheServices.open(config.cacheUrl());
                tier = CachingDatabaseService.owning(db, cache,
                        CacheTierOptions.DEFAULTS.withDefaultPolicy(config.writePolicy()));
                front = tier;
            }
            return new Tanken(front, tier, BlobStores.open(config.blobUrl()), config.limits(), true);
        } catch (RuntimeException e) {
            front.close();
            throw e;
        }
    }

    /** The embedded default (or whatever TANKEN_* environment variables say). */
    public static Tanken open() {
        return open(TankenConfig.fromEnvironment());
    }

    /** Wraps services the caller created and still owns: closing Tanken does not close them. */
    public static Tanken using(DatabaseService db, BlobStore blobs, IngestLimits limits) {
        return new Tanken(db, db instanceof CachingDatabaseService t ? t : null, blobs,
                limits == null ? IngestLimits.DEFAULT : limits, false);
    }

    /** The database as Tanken reaches it: through the cache tier when one is configured. */
    public DatabaseService database() {
        return db;
    }

    /** The cache tier, when a cache is configured. */
    public Optional<CachingDatabaseService> cache() {
        return Optional.ofNullable(tier);
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
            return db.createUser(User.create(username, null));
        } catch (ConflictException raced) {
            // Another thread or process created the same user between our read and our insert.
            return db.findUserByName(username).orElseThrow(() -> raced);
        }
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

    // ---- writes with a per-call policy

    /**
     * The seed design's {@code setPost(post, needWriteBackNow, needCache)}: creates a post, writing
     * the database now and caching it (write-through), caching it now and writing the database later
     * (write-back), or writing the database only (write-around). See {@link WritePolicy#of}.
     */
    public void setPost(Post post, boolean writeDatabaseNow, boolean cache) {
        createPost(post, WritePolicy.of(writeDatabaseNow, cache));
    }

    /**
     * Creates a post with this write policy (instead of the configured one).
     *
     * @throws InvalidInputException for write-back without a cache
     */
    public void createPost(Post post, WritePolicy policy) {
        writes.createPost(post, policy);
    }

    public void setTags(PostId id, Collection<String> tags, WritePolicy policy) {
        writes.setTags(id, tags, policy);
    }

    public Optional<Post> deletePost(PostId id, WritePolicy policy) {
        return writes.deletePost(id, policy);
    }

    public boolean like(PostId id, UUID userId, WritePolicy policy) {
        return writes.like(id, userId, policy);
    }

    public boolean unlike(PostId id, UUID userId, WritePolicy policy) {
        return writes.unlike(id, userId, policy);
    }

    /** Applies pending write-back writes to the database; a no-op without a cache. */
    public void flush() {
        if (tier != null) {
            tier.flush();
        }
    }

    /** Cache hits, misses, database round trips and write-back queue figures, when a cache is configured. */
    public Optional<CacheStats> cacheStats() {
        return cache().map(CachingDatabaseService::stats);
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
