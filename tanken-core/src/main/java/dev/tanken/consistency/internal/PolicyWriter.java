package dev.tanken.consistency.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.cache.CachedPost;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackQueue;
import dev.tanken.cache.WriteBackUncertainException;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Reaction;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of the tier, one method per operation and policy. Every write may carry an
 * activity entry, which reaches the database with the write (in its transaction), whatever the
 * policy: under write-back it travels in the stream entry and is applied by the flusher.
 *
 * <p>Write-through and write-around write the database first; then write-around invalidates the
 * cached post, and write-through invalidates it and fills it again from the database with the
 * version the invalidation returned (so a concurrent writer's later invalidation wins). Counters
 * are never patched in the cache, only re-read, so they stay exact under any interleaving.
 *
 * <p>Write-back shows the write in the cache first (new or changed details pinned there until the
 * flusher settles them), then records the operation in the stream, the point of durability.
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
     * Where the geo index keeps a post: where everyone but its author sees it (an approximate post at
     * its cell's centre), or nowhere for a hidden one, so that the cache answers an anonymous nearby
     * search exactly as the database does.
     */
    public static GeoPoint indexed(Post p) {
        return p.location() == null ? null : p.locationPrecision().shown(p.location());
    }

    private void indexAdd(Post p) {
        GeoPoint at = indexed(p);
        if (at != null) {
            cache.geoAdd(p.id(), at);
        }
    }

    private void indexRemove(PostId id, GeoPoint at) {
        if (at != null) {
            cache.geoRemove(id, at);
        }
    }

    /**
     * Records a write-back entry. The cache already shows the write (so the flusher, which applies
     * what the cache shows, cannot run ahead of it); if the entry cannot be recorded, {@code undo}
     * takes the write out of the cache again and the write fails, or, if so configured, returns
     * false so that the caller writes through instead.
     */
    private boolean record(Map<String, String> fields, ActivityEntry entry, Runnable undo) {
        return record(() -> queue.append(WriteBackEntries.withActivity(fields, entry)), undo);
    }

    private boolean record(Runnable append, Runnable undo) {
        try {
            append.run();
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

    public void createPost(Post post, ActivityEntry entry, WritePolicy policy) {
        require(post, "post");
        if (post.likes() != 0 || post.bookmarks() != 0 || post.comments() != 0) {
            throw new InvalidInputException("a new post must have zero likes, bookmarks and comments");
        }
        switch (policy) {
            case WRITE_THROUGH -> {
                db.createPost(post, entry);
                // Version "0": nothing has invalidated this brand-new id, unless a racing write did.
                boolean ok = guard.run("cache new post", () -> {
                    cache.fill(List.of(new PostCacheService.Fill(post, "0", null)), ttl);
                    indexAdd(post);
                });
                if (!ok) {
                    guard.invalidatePost(post.id(), false);
                    invalidateCell(post);
                }
            }
            case WRITE_AROUND -> {
                db.createPost(post, entry);
                guard.invalidatePost(post.id(), false);
                invalidateCell(post);
            }
            case WRITE_BACK -> {
                // Shown and recorded in one round trip: this is the write-back create's whole cost.
                GeoPoint at = indexed(post);
                if (!record(() -> cache.putPendingAndAppend(post, at,
                        WriteBackEntries.withActivity(WriteBackEntries.create(post), entry)), () -> {
                    cache.invalidate(post.id());
                    indexRemove(post.id(), at);
                })) {
                    createPost(post, entry, WritePolicy.WRITE_THROUGH);
                }
            }
        }
    }

    private void invalidateCell(Post post) {
        GeoPoint at = indexed(post);
        if (at != null) {
            guard.invalidateCell(at);
        }
    }

    public void setTags(PostId id, Collection<String> tags, ActivityEntry entry, WritePolicy policy) {
        require(id, "post id");
        List<String> normalized = Validation.tags(tags);
        switch (policy) {
            case WRITE_THROUGH -> {
                db.setTags(id, normalized, entry);
                refresh(id, false);
            }
            case WRITE_AROUND -> {
                db.setTags(id, normalized, entry);
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
                    setTags(id, normalized, entry, WritePolicy.WRITE_THROUGH);
                    return;
                }
                if (shown == null) {
                    throw new StorageException("post " + id + " is being changed by many writers at once; its tags"
                            + " were not changed, try again");
                }
                if (!record(WriteBackEntries.tags(id), entry, () -> cache.invalidate(id))) {
                    setTags(id, normalized, entry, WritePolicy.WRITE_THROUGH);
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

    public Optional<Post> deletePost(PostId id, ActivityEntry entry, WritePolicy policy) {
        require(id, "post id");
        if (policy == WritePolicy.WRITE_BACK) {
            Optional<Post> current = reader.read(id);
            if (current.isEmpty()) {
                return current;
            }
            GeoPoint at = indexed(current.get());
            guard.run("show write-back delete", () -> {
                cache.putPendingDelete(id);
                indexRemove(id, at);
            });
            if (!record(WriteBackEntries.delete(id, at), entry, () -> {
                cache.invalidate(id);
                if (at != null) {
                    cache.geoAdd(id, at);
                }
            })) {
                return deletePost(id, entry, WritePolicy.WRITE_THROUGH);
            }
            return current;
        }
        Optional<Post> deleted = db.deletePost(id, entry);
        guard.invalidatePost(id, false);
        deleted.ifPresent(p -> {
            GeoPoint at = indexed(p);
            if (at != null && !guard.run("geo remove", () -> cache.geoRemove(id, at))) {
                guard.invalidateCell(at);
            }
        });
        return deleted;
    }

    /**
     * Posts imported in a batch skip the cache (write-around). Their ids are new, so only the geo
     * cells they fall in need invalidating, once each.
     */
    public void invalidateAfterImport(Collection<Post> posts) {
        Map<String, GeoPoint> byCell = new HashMap<>();
        for (Post p : posts) {
            GeoPoint at = indexed(p);
            if (at != null) {
                cache.cellsCovering(at, 0).ifPresentOrElse(
                        cells -> byCell.putIfAbsent(cells.get(0).id(), at), () -> byCell.putIfAbsent("", at));
            }
        }
        byCell.values().forEach(guard::invalidateCell);
    }

    // ---- social

    public boolean react(Reaction.Kind kind, PostId id, UUID user, ActivityEntry entry, WritePolicy policy) {
        require(id, "post id");
        require(user, "user id");
        if (policy == WritePolicy.WRITE_BACK) {
            if (!reader.exists(id)) {
                throw new NotFoundException("post " + id + " does not exist");
            }
            return recordReaction(kind, id, user, entry);
        }
        boolean changed = switch (kind) {
            case LIKE -> db.like(id, user, entry);
            case UNLIKE -> db.unlike(id, user, entry);
            case BOOKMARK -> db.bookmark(id, user, entry);
            case UNBOOKMARK -> db.unbookmark(id, user, entry);
        };
        if (changed) {
            countersChanged(id, policy);
        }
        return changed;
    }

    /** A write-back reaction on a post known to exist; written through if the queue is unavailable and so configured. */
    private boolean recordReaction(Reaction.Kind kind, PostId id, UUID user, ActivityEntry entry) {
        if (!record(WriteBackEntries.reaction(WriteBackEntries.Op.valueOf(kind.name()), id, user), entry, () -> { })) {
            return react(kind, id, user, entry, WritePolicy.WRITE_THROUGH);
        }
        // Whether it changed anything is known once the database applied it.
        return true;
    }

    /**
     * Many reactions: one database call under write-through and write-around, then each changed
     * post's counters refreshed or invalidated once. Under write-back every reaction is recorded on
     * its own (the flusher batches them again), after checking that all their posts exist.
     */
    public List<Boolean> react(List<Reaction> reactions, WritePolicy policy) {
        require(reactions, "reactions");
        reactions.forEach(r -> require(r, "reaction"));
        if (policy == WritePolicy.WRITE_BACK) {
            for (PostId id : new LinkedHashSet<>(reactions.stream().map(Reaction::postId).toList())) {
                if (!reader.exists(id)) {
                    throw new NotFoundException("post " + id + " does not exist");
                }
            }
            List<Boolean> out = new ArrayList<>(reactions.size());
            for (Reaction r : reactions) {
                out.add(recordReaction(r.kind(), r.postId(), r.userId(), r.entry()));
            }
            return out;
        }
        List<Boolean> changed = db.react(reactions);
        Set<PostId> touched = new LinkedHashSet<>();
        for (int i = 0; i < reactions.size(); i++) {
            if (changed.get(i)) {
                touched.add(reactions.get(i).postId());
            }
        }
        if (policy == WritePolicy.WRITE_THROUGH) {
            touched.forEach(id -> refresh(id, true));
        } else {
            guard.invalidateCounters(touched);
        }
        return changed;
    }

    public void addComment(Comment comment, ActivityEntry entry, WritePolicy policy) {
        require(comment, "comment");
        if (policy == WritePolicy.WRITE_BACK) {
            if (!reader.exists(comment.postId())) {
                throw new NotFoundException("post " + comment.postId() + " does not exist");
            }
            if (!record(WriteBackEntries.comment(comment), entry, () -> { })) {
                addComment(comment, entry, WritePolicy.WRITE_THROUGH);
            }
            return;
        }
        db.addComment(comment, entry);
        countersChanged(comment.postId(), policy);
    }

    public boolean removeComment(UUID commentId, ActivityEntry entry, WritePolicy policy) {
        require(commentId, "comment id");
        Optional<Comment> comment = db.findComment(commentId);
        if (comment.isEmpty()) {
            return false;
        }
        PostId post = comment.get().postId();
        if (policy == WritePolicy.WRITE_BACK) {
            if (!record(WriteBackEntries.uncomment(post, commentId), entry, () -> { })) {
                return removeComment(commentId, entry, WritePolicy.WRITE_THROUGH);
            }
            return true;
        }
        boolean removed = db.removeComment(commentId, entry);
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
