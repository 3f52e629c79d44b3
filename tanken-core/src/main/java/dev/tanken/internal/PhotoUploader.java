package dev.tanken.internal;

import dev.tanken.ConflictException;
import dev.tanken.DuplicatePostException;
import dev.tanken.MissingLocationException;
import dev.tanken.UploadOptions;
import dev.tanken.UploadResult;
import dev.tanken.blob.BlobStore;
import dev.tanken.db.Applied;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoMetadata;
import dev.tanken.ingest.internal.DerivativeMaker;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureRef;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.internal.ActivityEntries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an inspected photo into a post with its served copies, keeping blob store and database
 * consistent: either the post row and all its blobs (original, thumbnail, large) exist afterwards, or
 * none of what this upload created does (a blob shared with another post is never removed from under
 * it).
 *
 * <p>Order: the copies are made first (in memory, nothing to undo), then every blob is written, then
 * the row. Making the copies decodes the picture, the one decode of an upload: a JPEG, PNG or WebP
 * whose pixels cannot be decoded or do not match its header is rejected there with an
 * {@link dev.tanken.InvalidPhotoException}, before anything is written. A row never points at a missing blob; any failure after the first write removes the blobs
 * this upload created that no post refers to (see {@link UploadBlobs}). A failure that also prevents
 * that cleanup (the store went away) leaves orphans without a post, which blob GC removes.
 */
public final class PhotoUploader {
    private final DatabaseService db;
    private final BlobStore blobs;
    private final DerivativeMaker derivatives;

    public PhotoUploader(DatabaseService db, BlobStore blobs, DerivativeMaker derivatives) {
        this.db = db;
        this.blobs = blobs;
        this.derivatives = derivatives;
    }

    /**
     * @throws dev.tanken.InvalidPhotoException if the picture's pixels cannot be decoded or do not match
     *     its header (nothing is written)
     * @throws dev.tanken.MissingLocationException if neither the photo nor the options give a location
     */
    public UploadResult upload(Photo photo, Author author, UploadOptions options) {
        return upload(photo, author, options, null);
    }

    /**
     * Who uploads: a user who exists, or one to create on first use. A new user is created only once
     * the upload passed every check (location, duplicate, decodable pixels), so that a rejected upload
     * leaves no user behind.
     *
     * @param known the stored user, or the one that would be created (its settings are the defaults)
     * @param create creates the user and returns it as stored; null when {@code known} is stored
     */
    public record Author(User known, java.util.function.Supplier<User> create) {
        public Author {
            java.util.Objects.requireNonNull(known, "author");
        }

        public static Author existing(User user) {
            return new Author(user, null);
        }

        public static Author created(User candidate, java.util.function.Supplier<User> create) {
            return new Author(candidate, java.util.Objects.requireNonNull(create, "create"));
        }

        User resolve() {
            return create == null ? known : create.get();
        }
    }

    /**
     * Like {@link #upload(Photo, User, UploadOptions)}, with the post id the caller chose (null: a new
     * one). A post that already has that id is this upload made before, when its author and photo are
     * the same (a retry: answered as a duplicate); anything else is a conflict.
     */
    public UploadResult upload(Photo photo, Author who, UploadOptions options, PostId postId) {
        User author = who.known();
        if (postId != null) {
            Optional<Post> taken = db.findPost(postId);
            if (taken.isPresent()) {
                Post earlier = taken.get();
                if (earlier.author().id().equals(author.id()) && earlier.picture().sha256().equals(photo.sha256())) {
                    return new UploadResult(UploadResult.Status.DUPLICATE, earlier);
                }
                throw new ConflictException("post id " + postId + " is already taken by another post");
            }
        }
        PhotoMetadata meta = photo.metadata();
        GeoPoint location = chooseLocation(meta, options);
        LocationPrecision precision = options.precision() != null ? options.precision()
                : author.defaultLocationPrecision();

        Optional<Post> earlier = db.findPostByPicture(author.id(), photo.sha256()).flatMap(db::findPost);
        if (earlier.isPresent()) {
            return new UploadResult(UploadResult.Status.DUPLICATE, earlier.get());
        }

        DerivativeMaker.Result copies = derivatives.make(photo);
        author = who.resolve();
        UploadBlobs written = new UploadBlobs(db, blobs);
        Post post;
        Applied applied;
        try {
            String mediaType = meta.format().mediaType();
            String key = written.put(photo.bytes(), photo.sha256(), mediaType);
            List<PictureVariant> variants = new ArrayList<>(copies.derivatives().size());
            for (DerivativeMaker.Derivative d : copies.derivatives()) {
                String copyKey = written.put(d.bytes(), d.sha256(), d.mediaType());
                variants.add(new PictureVariant(d.size(), copyKey, d.mediaType(), d.sha256(), d.width(), d.height()));
            }
            PictureRef picture = new PictureRef(key, mediaType, photo.sha256(), meta.width(), meta.height());
            post = Post.create(author.ref(), chooseCaption(meta, options), picture, location, meta.takenAt(),
                    options.tags(), precision).withVariants(variants, copies.note());
            if (postId != null) {
                post = new Post(postId, post.createdAt(), post.author(), post.caption(), post.picture(), post.location(),
                        post.takenAt(), 0, 0, 0, post.tags(), post.locationPrecision(), post.variants(),
                        post.variantsNote());
            }
            applied = db.apply(new Write.CreatePost(post, ActivityEntries.postCreated(post)));
        } catch (DuplicatePostException e) {
            // Lost a race with the same user uploading the same photo: theirs wins, ours is a duplicate.
            Post existing = db.findPost(e.existingPostId()).orElse(null);
            written.removeOrphans(existing == null ? List.of() : existing.blobKeys());
            if (existing == null) {
                throw e;
            }
            return new UploadResult(UploadResult.Status.DUPLICATE, existing);
        } catch (RuntimeException e) {
            written.removeOrphans();
            throw e;
        }
        written.restoreMissing(post.id());
        return new UploadResult(applied.queued() ? UploadResult.Status.QUEUED : UploadResult.Status.CREATED, post);
    }

    /** The uploader's caption, even an empty one, wins over the photo's own description. */
    private static String chooseCaption(PhotoMetadata meta, UploadOptions options) {
        return options.caption() != null ? options.caption() : meta.caption();
    }

    private static GeoPoint chooseLocation(PhotoMetadata meta, UploadOptions options) {
        if (options.location() != null) {
            return options.location();
        }
        if (meta.location() == null) {
            throw new MissingLocationException(
                    "the photo has no usable GPS position in its metadata, and the upload gave no location");
        }
        return meta.location();
    }
}
