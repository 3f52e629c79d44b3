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
import dev.tanken.internal.PhotoUploader;
import dev.tanken.model.GeoPoint;
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
import java.util.Objects;
import java.util.Optional;

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
        this.uploader = new PhotoUploader(db, blobs);
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
        return uploader.upload(photo, user(options.username()).ref(), options);
    }

    public Optional<Post> post(PostId id) {
        return db.findPost(id);
    }

    /** Posts within {@code radiusMeters} of {@code center}, nearest first; see {@link DatabaseService#nearby}. */
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

    /** The place name of a post: its author's choice, else the gazetteer's; empty if the post does not exist. */
    public Optional<PostPlace> place(PostId id) {
        return db.findPost(id).map(places::of);
    }

    /** Place names of many posts at once, keyed in their order. */
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
        return places.of(post);
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
