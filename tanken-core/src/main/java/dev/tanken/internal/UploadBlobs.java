package dev.tanken.internal;

import dev.tanken.blob.BlobStore;
import dev.tanken.db.DatabaseService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blobs one upload writes, remembered with their bytes so that the upload can undo or repair
 * them. Keys are content-addressed and may be shared with other posts (or appear twice in one upload,
 * when a small picture's two copies are identical), so a blob is only ever removed when this upload
 * created it and no post refers to it.
 */
final class UploadBlobs {
    private static final Logger LOG = LoggerFactory.getLogger(UploadBlobs.class);

    private record Written(byte[] bytes, String sha256, String mediaType, boolean created) {
    }

    private final DatabaseService db;
    private final BlobStore blobs;
    private final Map<String, Written> written = new LinkedHashMap<>();

    UploadBlobs(DatabaseService db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    /** Stores the bytes (once per key) and returns their key. */
    String put(byte[] bytes, String sha256, String mediaType) {
        BlobStore.PutResult put = blobs.put(bytes, sha256, mediaType);
        written.merge(put.key(), new Written(bytes, sha256, mediaType, put.created()),
                (earlier, now) -> earlier.created() ? earlier : now);
        return put.key();
    }

    /**
     * After a failure: removes the blobs this upload created that no post refers to. Best effort: the
     * original failure matters more, and a blob left behind is an orphan that blob GC removes.
     */
    void removeOrphans() {
        removeOrphans(java.util.Set.of());
    }

    /**
     * As {@link #removeOrphans()}, keeping {@code keep}: the blobs of a post this upload turned out
     * to duplicate, which the database may not hold yet (a write-back create still queued).
     */
    void removeOrphans(java.util.Collection<String> keep) {
        written.forEach((key, w) -> {
            if (!w.created() || keep.contains(key)) {
                return;
            }
            try {
                if (!db.isBlobReferenced(key)) {
                    blobs.delete(key);
                }
            } catch (RuntimeException cleanupFailure) {
                LOG.warn("could not remove blob {} after a failed upload (blob GC will): {}", key,
                        cleanupFailure.getMessage());
            }
        });
    }

    /**
     * After the post is committed: a concurrent failing upload of the same bytes, or blob GC, may
     * have removed a shared blob between our put and our commit; the bytes are still here, so write
     * such a blob again.
     */
    void restoreMissing(Object post) {
        written.forEach((key, w) -> {
            if (!blobs.exists(key)) {
                LOG.warn("blob {} vanished during upload of post {}; writing it again", key, post);
                blobs.put(w.bytes(), w.sha256(), w.mediaType());
            }
        });
    }
}
