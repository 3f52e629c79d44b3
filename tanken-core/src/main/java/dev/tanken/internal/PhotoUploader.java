package dev.tanken.internal;

import dev.tanken.DuplicatePostException;
import dev.tanken.MissingLocationException;
import dev.tanken.UploadOptions;
import dev.tanken.UploadResult;
import dev.tanken.activity.internal.ActivityRecorder;
import dev.tanken.blob.BlobStore;
import dev.tanken.db.DatabaseService;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoMetadata;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.UserRef;
import dev.tanken.social.internal.ActivityEntries;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an inspected photo into a post, keeping blob store and database consistent: either the
 * post row and its blob both exist afterwards, or neither does (modulo a blob shared with another
 * post, which is never removed from under it).
 *
 * <p>Order: blob first, then the row. A row never points at a missing blob; a failed row insert
 * removes the blob this call created if no other post refers to it. Because blobs are
 * content-addressed and shared, a concurrent failing upload of the same bytes could remove the blob
 * between our put and our insert; re-checking after the insert and re-writing the bytes we still
 * hold closes that window.
 */
public final class PhotoUploader {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoUploader.class);

    private final DatabaseService db;
    private final BlobStore blobs;
    private final ActivityRecorder activity;

    /** @param activity records each created post (not duplicates: they change nothing) */
    public PhotoUploader(DatabaseService db, BlobStore blobs, ActivityRecorder activity) {
        this.db = db;
        this.blobs = blobs;
        this.activity = activity;
    }

    public UploadResult upload(Photo photo, UserRef author, UploadOptions options) {
        PhotoMetadata meta = photo.metadata();
        GeoPoint location = chooseLocation(meta, options);

        Optional<PostId> existing = db.findPostByPicture(author.id(), photo.sha256());
        if (existing.isPresent()) {
            Optional<Post> earlier = db.findPost(existing.get());
            if (earlier.isPresent()) {
                return new UploadResult(UploadResult.Status.DUPLICATE, earlier.get());
            }
        }

        String mediaType = meta.format().mediaType();
        BlobStore.PutResult put = blobs.put(photo.bytes(), photo.sha256(), mediaType);
        PictureRef picture = new PictureRef(put.key(), mediaType, photo.sha256(), meta.width(), meta.height());
        Post post = Post.create(author, options.caption(), picture, location, meta.takenAt(), options.tags());
        try {
            activity.record(ActivityEntries.postCreated(post), e -> {
                db.createPost(post, e);
                return post;
            }, created -> true);
        } catch (DuplicatePostException e) {
            // Lost a race with the same user uploading the same photo: theirs wins, ours is a duplicate.
            removeIfOrphan(put);
            return new UploadResult(UploadResult.Status.DUPLICATE, db.findPost(e.existingPostId()).orElseThrow(() -> e));
        } catch (RuntimeException e) {
            removeIfOrphan(put);
            throw e;
        }
        if (!blobs.exists(put.key())) {
            LOG.warn("blob {} vanished during upload of post {}; writing it again", put.key(), post.id());
            blobs.put(photo.bytes(), photo.sha256(), mediaType);
        }
        return new UploadResult(UploadResult.Status.CREATED, post);
    }

    private static GeoPoint chooseLocation(PhotoMetadata meta, UploadOptions options) {
        if (options.location() != null) {
            return options.location();
        }
        if (meta.location() == null) {
            throw new MissingLocationException(
                    "the photo has no usable GPS position in its metadata; supply a location (--lat and --lon)");
        }
        return meta.location();
    }

    private void removeIfOrphan(BlobStore.PutResult put) {
        if (!put.created()) {
            return;
        }
        try {
            if (!db.isBlobReferenced(put.key())) {
                blobs.delete(put.key());
            }
        } catch (RuntimeException cleanupFailure) {
            // The original failure matters more; an orphan blob is harmless and found by blob GC.
            LOG.warn("could not remove blob {} after a failed upload: {}", put.key(), cleanupFailure.getMessage());
        }
    }
}
