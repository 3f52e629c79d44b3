package dev.tanken;

import dev.tanken.blob.BlobStore;
import dev.tanken.blob.BlobStores;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.db.NearbyPost;
import dev.tanken.db.Page;
import dev.tanken.discover.Exploration;
import dev.tanken.discover.ExploreQuery;
import dev.tanken.discover.HotspotFinder;
import dev.tanken.geocode.PlaceMatch;
import dev.tanken.geocode.PostPlace;
import dev.tanken.geocode.PostPlaces;
import dev.tanken.geocode.ReverseGeocoder;
import dev.tanken.ingest.IngestLimits;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoInspector;
import dev.tanken.ingest.internal.DerivativeMaker;
import dev.tanken.internal.BlobCollector;
import dev.tanken.internal.PhotoUploader;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureSize;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.Validation;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.time.Duration;
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
 * <p>Thread-safe: one instance serves a whole application.
 */
public final class Tanken implements AutoCloseable {
    private final DatabaseService db;
    private final BlobStore blobs;
    private final PhotoInspector inspector;
    private final PhotoUploader uploader;
    private final boolean owned;
    private final HotspotFinder hotspots;
    private final PostPlaces places;

    private Tanken(DatabaseService db, BlobStore blobs, IngestLimits limits, boolean owned) {
        this.db = Objects.requireNonNull(db, "database");
        this.blobs = Objects.requireNonNull(blobs, "blob store");
        this.inspector = new PhotoInspector(limits);
        this.uploader = new PhotoUploader(db, blobs, new DerivativeMaker(limits.maxPixels()));
        this.owned = owned;
        this.hotspots = new HotspotFinder(db, ReverseGeocoder::bundled, Clock.systemUTC());
        this.places = new PostPlaces(db, ReverseGeocoder::bundled);
    }

    /** Opens the database and blob store the configuration names; closing Tanken closes them. */
    public static Tanken open(TankenConfig config) {
        DatabaseService db = DatabaseServices.open(config.databaseUrl());
        try {
            return new Tanken(db, BlobStores.open(config.blobUrl()), config.limits(), true);
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
        return new Tanken(db, blobs, limits == null ? IngestLimits.DEFAULT : limits, false);
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
        return uploader.upload(photo, user(options.username()), options);
    }

    /**
     * Sets the location precision the user's uploads get when an upload does not choose one; the user
     * is created on first use.
     */
    public User setDefaultLocationPrecision(String username, LocationPrecision precision) {
        User u = user(username);
        db.setDefaultLocationPrecision(u.id(), precision);
        return u.withDefaultLocationPrecision(precision);
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

    /** Posts within {@code radiusMeters} of {@code center}, nearest first, as an anonymous viewer sees them. */
    public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor) {
        return db.nearby(center, radiusMeters, limit, cursor);
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

    /** The populated place a point is in, offline (see {@link ReverseGeocoder#lookup}). */
    public Optional<PlaceMatch> placeAt(GeoPoint point) {
        return ReverseGeocoder.bundled().lookup(point);
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
        if (!post.author().username().equals(username)) {
            throw new ForbiddenException("only " + post.author().username() + ", who posted " + id
                    + ", can name its place");
        }
        db.setPlaceName(id, name == null || name.isBlank() ? null : name);
        return places.of(post); // the author's view: exact
    }

    /** The original picture of a post, or empty if the post does not exist. */
    /**
     * Posts within {@code radiusMeters} of {@code center}, nearest first, as {@code viewerId} may see
     * them (null: anonymous); see {@link DatabaseService#nearby(GeoPoint, double, int, String, UUID)}.
     */
    public Page<NearbyPost> nearby(GeoPoint center, double radiusMeters, int limit, String cursor, UUID viewerId) {
        return db.nearby(center, radiusMeters, limit, cursor, viewerId);
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
     * @throws InvalidInputException if someone other than the author asks for the original
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
            if (!p.isAuthor(viewerId)) {
                throw new InvalidInputException("the original picture of post " + id + " is private to its author "
                        + p.author().username() + "; ask for the thumb or large size");
            }
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
        return new BlobCollector(db, blobs, Clock.systemUTC()).collect(dryRun, gracePeriod);
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
