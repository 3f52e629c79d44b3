package dev.tanken.consistency.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.StorageException;
import dev.tanken.cache.CachedPost;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackQueue;
import dev.tanken.cache.WriteBackUncertainException;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Comment;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.Validation;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of the tier, one method per operation and policy.
 *
 * <p>Write-through and write-around write the database first; then write-around invalidates the
 * cached post, and write-through invalidates it and fills it again from the database with the
 * version the invalidation returned (so a concurrent writer's later invalidation wins). Counters
 * are never patched in the cache, only re-read, so they stay exact under any interleaving.
 *
 * <p>Write-back records the operation in the stream first (the point of durability) and then
 * shows it in the cache: new or changed details are pinned there until the flusher settles them.
 */
public final class PolicyWriter {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyWriter.class);
    private static final int CAS_ATTEMPTS = 16;

    private final DatabaseService db;
    private final CacheGuard guard;
    private final PostCacheService cache;
    private final CacheAsideReader reader;
    private final WriteBackQueue queue;
    private final Duration ttl;
    private final boolean writeBackFallback;

    public PolicyWriter(DatabaseService db, CacheGuard guard, CacheAsideReader reader, Duration ttl,
            boolean writeBackFallback) {
        this.db = db;
        this.guard = guard;
        this.cache = guard.cache();
        this.reader = reader;
        this.queue = cache.writeBackQueue();
        this.ttl = ttl;
        this.writeBackFallback = writeBackFallback;
    }

    /**
     * Records a write-back entry. The cache already shows the write (so the flusher, which applies
     * what the cache shows, cannot run ahead of it); if the entry cannot be recorded, {@code undo}
     * takes the write out of the cache again and the write fails, or, if so configured, returns
     * false so that the caller writes through instead.
     */
    private boolean record(Map<String, String> entry, Runnable undo) {
        try {
            queue.append(entry);
            return true;
        } catch (WriteBackUncertainException e) {
            // On the primary, so probably applied later: keep showing it, and say what is known.
            guard.failed("write-back replication", e);
            throw e;
        } catch (StorageException e) {
            guard.failed("write-back append", e);
            guard.run("undo write-back", undo);
            if (writeBackFallback) {
                LOG.warn("write-back unavailable, writing through instead: {}", e.getMessage());
                return false;
            }
            throw notRecorded(e);
        }
    }

    private static StorageException notRecorded(StorageException e) {
        return new StorageException("write-back write was NOT recorded (the cache is unavailable; retry, or use"
                + " write-through): " + e.getMessage(), e);
    }

    // ---- posts

    public void createPost(Post post, WritePolicy policy) {
        if (post == null) {
            throw new InvalidInputException("post must not be null");
        }
        if (post.likes() != 0 || post.bookmarks() != 0 || post.comments() != 0) {
            throw new InvalidInputException("a new post must have zero likes, bookmarks and comments");
        }
        switch (policy) {
            case WRITE_THROUGH -> {
                db.createPost(post);
                // Version "0": nothing has invalidated this brand-new id, unless a racing write did.
                boolean ok = guard.run("cache new post", () -> {
                    cache.fill(List.of(new PostCacheService.Fill(post, "0", null)), ttl);
                    cache.geoAdd(post.id(), post.location());
                });
                if (!ok) {
                    guard.invalidatePost(post.id(), false);
                    guard.invalidateCell(post.location());
                }
            }
            case WRITE_AROUND -> {
                db.createPost(post);
                guard.invalidatePost(post.id(), false);
                guard.invalidateCell(post.location());
            }
            case WRITE_BACK -> {
                guard.run("show write-back post", () -> {
                    cache.putPending(post);
                    cache.geoAdd(post.id(), post.location());
                });
                if (!record(WriteBackEntries.create(post), () -> {
                    cache.invalidate(post.id());
                    cache.geoRemove(post.id(), post.location());
                })) {
                    createPost(post, WritePolicy.WRITE_THROUGH);
                }
            }
        }
    }

    public void setTags(PostId id, Collection<String> tags, WritePolicy policy) {
        require(id, "post id");
        List<String> normalized = Validation.tags(tags);
        switch (policy) {
            case WRITE_THROUGH -> {
                db.setTags(id, normalized);
                refresh(id, false);
            }
            case WRITE_AROUND -> {
                db.setTags(id, normalized);
                guard.invalidatePost(id, false);
            }
            case WRITE_BACK -> {
                Post shown = null;
                try {
                    for (int attempt = 0; attempt < CAS_ATTEMPTS && shown == null; attempt++) {
                        Details current = currentDetails(id);
                        Post replacement = current.post.withTags(normalized);
                        if (cache.replacePending(current.cached, replacement)) {
                            shown = replacement;
                        }
                    }
                } catch (StorageException e) {
                    guard.failed("write-back tags", e);
                    if (!writeBackFallback) {
                        throw notRecorded(e);
                    }
                    setTags(id, normalized, WritePolicy.WRITE_THROUGH);
                    return;
                }
                if (shown == null) {
                    throw new StorageException("post " + id + " is being changed by many writers at once; its tags"
                            + " were not changed, try again");
                }
                if (!record(WriteBackEntries.tags(id), () -> cache.invalidate(id))) {
                    setTags(id, normalized, WritePolicy.WRITE_THROUGH);
                }
            }
        }
    }

    private record Details(Post post, Post cached) {
    }

    /** The post's details as the cache shows them (pending changes included), else as the database has them. */
    private Details currentDetails(PostId id) {
        CachedPost c = cache.getPosts(List.of(id)).get(0);
        switch (c.state()) {
            case DELETED -> throw new NotFoundException("post " + id + " does not exist");
            case HIT, DETAILS_ONLY -> {
                Post details = c.post().withCounts(0, 0, 0);
                return new Details(details, details);
            }
            default -> {
                Post p = db.findPost(id).orElseThrow(() -> new NotFoundException("post " + id + " does not exist"));
                return new Details(p.withCounts(0, 0, 0), null);
            }
        }
    }

    public Optional<Post> deletePost(PostId id, WritePolicy policy) {
        require(id, "post id");
        switch (policy) {
            case WRITE_BACK -> {
                Optional<Post> current = reader.read(id);
                if (current.isEmpty()) {
                    return current;
                }
                Post p = current.get();
                guard.run("show write-back delete", () -> {
                    cache.putPendingDelete(id);
                    cache.geoRemove(id, p.location());
                });
                if (!record(WriteBackEntries.delete(id, p.location()), () -> {
                    cache.invalidate(id);
                    cache.geoAdd(id, p.location());
                })) {
                    return deletePost(id, WritePolicy.WRITE_THROUGH);
                }
                return current;
            }
            default -> {
                Optional<Post> deleted = db.deletePost(id);
                guard.invalidatePost(id, false);
                deleted.ifPresent(p -> {
                    if (!guard.run("geo remove", () -> cache.geoRemove(id, p.location()))) {
                        guard.invalidateCell(p.location());
                    }
                });
                return deleted;
            }
        }
    }

    /**
     * Posts imported in a batch skip the cache (write-around). Their ids are new, so only the geo
     * cells they fall in need invalidating, once each.
     */
    public void invalidateAfterImport(Collection<Post> posts) {
        java.util.Map<String, Post> byCell = new java.util.HashMap<>();
        for (Post p : posts) {
            cache.cellsCovering(p.location(), 0).ifPresentOrElse(
                    cells -> byCell.putIfAbsent(cells.get(0).id(), p), () -> byCell.putIfAbsent("", p));
        }
        byCell.values().forEach(p -> guard.invalidateCell(p.location()));
    }

    // ---- social

    /** The database operations behind like, unlike, bookmark and unbookmark. */
    public enum Reaction { LIKE, UNLIKE, BOOKMARK, UNBOOKMARK }

    public boolean react(Reaction reaction, PostId id, UUID user, WritePolicy policy) {
        require(id, "post id");
        require(user, "user id");
        if (policy == WritePolicy.WRITE_BACK) {
            if (reader.read(id).isEmpty()) {
                throw new NotFoundException("post " + id + " does not exist");
            }
            if (!record(WriteBackEntries.reaction(WriteBackEntries.Op.valueOf(reaction.name()), id, user), () -> { })) {
                return react(reaction, id, user, WritePolicy.WRITE_THROUGH);
            }
            // Whether it changed anything is known once the database applied it.
            return true;
        }
        boolean changed = switch (reaction) {
            case LIKE -> db.like(id, user);
            case UNLIKE -> db.unlike(id, user);
            case BOOKMARK -> db.bookmark(id, user);
            case UNBOOKMARK -> db.unbookmark(id, user);
        };
        if (changed) {
            countersChanged(id, policy);
        }
        return changed;
    }

    public void addComment(Comment comment, WritePolicy policy) {
        require(comment, "comment");
        if (policy == WritePolicy.WRITE_BACK) {
            if (reader.read(comment.postId()).isEmpty()) {
                throw new NotFoundException("post " + comment.postId() + " does not exist");
            }
            if (!record(WriteBackEntries.comment(comment), () -> { })) {
                addComment(comment, WritePolicy.WRITE_THROUGH);
            }
            return;
        }
        db.addComment(comment);
        countersChanged(comment.postId(), policy);
    }

    public boolean removeComment(UUID commentId, WritePolicy policy) {
        require(commentId, "comment id");
        Optional<Comment> comment = db.findComment(commentId);
        if (comment.isEmpty()) {
            return false;
        }
        PostId post = comment.get().postId();
        if (policy == WritePolicy.WRITE_BACK) {
            if (!record(WriteBackEntries.uncomment(post, commentId), () -> { })) {
                return removeComment(commentId, WritePolicy.WRITE_THROUGH);
            }
            return true;
        }
        boolean removed = db.removeComment(commentId);
        if (removed) {
            countersChanged(post, policy);
        }
        return removed;
    }

    private void countersChanged(PostId id, WritePolicy policy) {
        if (policy == WritePolicy.WRITE_THROUGH) {
            refresh(id, true);
        } else {
            guard.invalidatePost(id, true);
        }
    }

    /** Invalidates, then refills from the database with the version the invalidation set. */
    private void refresh(PostId id, boolean countersOnly) {
        Optional<String> version = guard.attempt("invalidate", () -> countersOnly
                ? cache.invalidateCounters(id) : cache.invalidate(id));
        if (version.isEmpty()) {
            guard.invalidatePost(id, false); // remembered for when the cache is back
            return;
        }
        Optional<Post> post = db.findPost(id);
        post.ifPresent(p -> guard.run("refill", () -> cache.fill(
                List.of(new PostCacheService.Fill(p, version.get(), null)), ttl)));
    }

    private static void require(Object value, String what) {
        if (value == null) {
            throw new InvalidInputException(what + " must not be null");
        }
    }
}
