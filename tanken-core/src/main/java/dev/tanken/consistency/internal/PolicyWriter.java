package dev.tanken.consistency.internal;

import dev.tanken.DuplicatePostException;
import dev.tanken.NotFoundException;
import dev.tanken.StorageException;
import dev.tanken.cache.CacheUnavailableException;
import dev.tanken.cache.CachedPost;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackQueue;
import dev.tanken.cache.WriteBackUncertainException;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Applied;
import dev.tanken.db.Write;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of the tier: each {@link Write} under each policy. A write's activity entry
 * reaches the database with the write (in its transaction), whatever the policy: under write-back
 * it travels in the stream entry and is applied by the flusher. Users, default precisions and
 * place names are not cached: they go to the database under every policy.
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
    /** Long past any flush: the flusher releases a claim once the database has its post. */
    static final Duration CLAIM_TTL = Duration.ofDays(7);
    /** How long a claim whose post is not shown is taken for a write in progress. */
    private static final Duration CLAIM_GRACE = Duration.ofSeconds(2);
    private static final Duration CLAIM_POLL = Duration.ofMillis(5);

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
    private boolean record(Map<String, String> fields, Runnable undo) {
        return record(() -> queue.append(fields), undo);
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
        return new CacheUnavailableException("write-back write was NOT recorded (the cache is unavailable; retry,"
                + " or use write-through): " + e.getMessage(), e);
    }

    // ---- one write

    public Applied apply(Write write, WritePolicy policy) {
        return write.accept(new Write.Cases<Applied, RuntimeException>() {
            @Override
            public Applied createUser(Write.CreateUser w) {
                return db.apply(w);
            }

            @Override
            public Applied setDefaultPrecision(Write.SetDefaultPrecision w) {
                return db.apply(w);
            }

            @Override
            public Applied createPost(Write.CreatePost w) {
                return PolicyWriter.this.createPost(w, policy);
            }

            @Override
            public Applied setTags(Write.SetTags w) {
                return PolicyWriter.this.setTags(w, policy);
            }

            @Override
            public Applied deletePost(Write.DeletePost w) {
                return PolicyWriter.this.deletePost(w, policy);
            }

            @Override
            public Applied reaction(Write.Reaction w) {
                return react(w, policy);
            }

            @Override
            public Applied addComment(Write.AddComment w) {
                return PolicyWriter.this.addComment(w, policy);
            }

            @Override
            public Applied removeComment(Write.RemoveComment w) {
                return PolicyWriter.this.removeComment(w, policy);
            }

            @Override
            public Applied setPlaceName(Write.SetPlaceName w) {
                return db.apply(w);
            }

            @Override
            public Applied setPostPrecision(Write.SetPostPrecision w) {
                return PolicyWriter.this.setPrecision(w, policy);
            }

            @Override
            public Applied setCaption(Write.SetCaption w) {
                return PolicyWriter.this.setCaption(w, policy);
            }

            /** Written through under every policy, like the user's creation. */
            @Override
            public Applied renameUser(Write.RenameUser w) {
                Applied applied = db.apply(w);
                afterDatabase(applied, policy);
                return applied;
            }

            /** Written through under every policy; see docs/cache.md for what a queued write of the user then does. */
            @Override
            public Applied deleteUser(Write.DeleteUser w) {
                Applied applied = db.apply(w);
                afterDatabase(applied, policy);
                return applied;
            }
        });
    }

    // ---- posts

    private Applied createPost(Write.CreatePost write, WritePolicy policy) {
        Post post = write.post();
        switch (policy) {
            case WRITE_THROUGH -> {
                Applied applied = db.apply(write);
                // Version "0": nothing has invalidated this brand-new id, unless a racing write did.
                boolean ok = guard.run("cache new post", () -> {
                    cache.fill(List.of(new PostCacheService.Fill(post, "0", null)), ttl);
                    indexAdd(post);
                });
                if (!ok) {
                    guard.invalidatePost(post.id(), false);
                    invalidateCell(post);
                }
                return applied;
            }
            case WRITE_AROUND -> {
                Applied applied = db.apply(write);
                guard.invalidatePost(post.id(), false);
                invalidateCell(post);
                return applied;
            }
            default -> {
                if (!claimPicture(post)) {
                    return createPost(write, WritePolicy.WRITE_THROUGH);
                }
                // Shown and recorded in one round trip.
                GeoPoint at = indexed(post);
                if (!record(() -> cache.putPendingAndAppend(post, at, WriteBackEntries.encode(write, null)), () -> {
                    cache.invalidate(post.id());
                    indexRemove(post.id(), at);
                    releasePicture(post);
                })) {
                    return createPost(write, WritePolicy.WRITE_THROUGH);
                }
                return Applied.queued(write);
            }
        }
    }

    /**
     * Decides before acknowledging what the database would decide at flush time: whether the author
     * already posted this picture, stored or queued. Returns false when the cache cannot be asked and
     * the caller allows writing through instead.
     *
     * @throws DuplicatePostException naming the post that has the picture
     */
    private boolean claimPicture(Post post) {
        UUID author = post.author().id();
        String sha = post.picture().sha256();
        try {
            PostId holder = cache.claimPicture(author, sha, post.id(), null, CLAIM_TTL);
            long deadline = System.nanoTime() + CLAIM_GRACE.toNanos();
            while (!holder.equals(post.id())) {
                if (reader.exists(holder)) {
                    throw new DuplicatePostException(holder);
                }
                // Not shown (yet): its writer is between its claim and its append, or died there, or
                // its post is deleted. Past the grace period the claim is taken over.
                boolean stale = System.nanoTime() > deadline;
                if (!stale) {
                    LockSupport.parkNanos(CLAIM_POLL.toNanos());
                }
                holder = cache.claimPicture(author, sha, post.id(), stale ? holder : null, CLAIM_TTL);
            }
        } catch (StorageException e) {
            guard.failed("write-back picture claim", e);
            if (writeBackFallback) {
                return false;
            }
            throw notRecorded(e);
        }
        // Asked only now: the flusher releases a claim after the database has the post, so a claim
        // got here means no earlier create of this picture is pending, and any stored one shows here.
        Optional<PostId> stored = db.findPostByPicture(author, sha);
        if (stored.isPresent() && !stored.get().equals(post.id())) {
            guard.run("release picture claim", () -> releasePicture(post));
            throw new DuplicatePostException(stored.get());
        }
        return true;
    }

    private void releasePicture(Post post) {
        cache.releasePicture(post.author().id(), post.picture().sha256(), post.id());
    }

    private void invalidateCell(Post post) {
        GeoPoint at = indexed(post);
        if (at != null) {
            guard.invalidateCell(at);
        }
    }

    private Applied setTags(Write.SetTags write, WritePolicy policy) {
        PostId id = write.postId();
        switch (policy) {
            case WRITE_THROUGH -> {
                Applied applied = db.apply(write);
                if (applied.changed()) {
                    refresh(id, false);
                }
                return applied;
            }
            case WRITE_AROUND -> {
                Applied applied = db.apply(write);
                if (applied.changed()) {
                    guard.invalidatePost(id, false);
                }
                return applied;
            }
            default -> {
                if (replacePendingDetails(id, p -> p.withTags(write.tags()), "tags") == null) {
                    return setTags(write, WritePolicy.WRITE_THROUGH);
                }
                if (!record(WriteBackEntries.encode(write, null), () -> cache.invalidate(id))) {
                    return setTags(write, WritePolicy.WRITE_THROUGH);
                }
                return Applied.queued(write);
            }
        }
    }

    /**
     * Under write-back the new precision is shown at once: the pending details carry it and the geo
     * index moves the post to where others now see it (out of it, for a hidden post), so that an
     * anonymous search never finds a hidden post at its old place; the flusher applies it as it
     * applies tags. Under the other policies the database changes first, then the post is
     * invalidated (write-through refills it) and so are the cells of both places others could have
     * seen it at, which a later warm fills again from the database.
     */
    private Applied setPrecision(Write.SetPostPrecision write, WritePolicy policy) {
        PostId id = write.postId();
        if (policy != WritePolicy.WRITE_BACK) {
            Applied applied = db.apply(write);
            afterDatabase(applied, policy);
            return applied;
        }
        Post shown = replacePendingDetails(id, p -> p.withLocationPrecision(write.precision()), "location precision");
        if (shown == null) {
            return setPrecision(write, WritePolicy.WRITE_THROUGH);
        }
        GeoPoint exact = shown.location();
        if (!guard.run("geo move", () -> reindex(cache, db, id, exact))) {
            invalidateCells(exact);
        }
        if (!record(WriteBackEntries.encode(write, null), () -> {
            cache.invalidate(id);
            invalidateCells(exact);
        })) {
            return setPrecision(write, WritePolicy.WRITE_THROUGH);
        }
        return Applied.queued(write);
    }

    /**
     * Puts a post where its latest details say others see it: out of both places a precision can
     * show its exact position at, then in at the current one. Repeated while a concurrent precision
     * change moves it meanwhile, so the last writer's place wins.
     */
    static void reindex(PostCacheService cache, DatabaseService db, PostId id, GeoPoint exact) {
        LocationPrecision placed = null;
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Optional<Post> latest = cache.pendingDetails(id);
            if (latest.isEmpty()) {
                latest = db.findPost(id);
            }
            if (latest.isEmpty()) {
                return;
            }
            LocationPrecision now = latest.get().locationPrecision();
            if (now == placed) {
                return;
            }
            cache.geoRemove(id, exact);
            cache.geoRemove(id, LocationPrecision.APPROXIMATE.shown(exact));
            GeoPoint at = now.shown(exact);
            if (at != null) {
                cache.geoAdd(id, at);
            }
            placed = now;
        }
    }

    /** Marks incomplete the cells of every place a post at {@code exact} can be shown at. */
    private void invalidateCells(GeoPoint exact) {
        guard.invalidateCell(exact);
        guard.invalidateCell(LocationPrecision.APPROXIMATE.shown(exact));
    }

    /** As tags: the cached details show the new caption under write-back, the flusher applies the latest. */
    private Applied setCaption(Write.SetCaption write, WritePolicy policy) {
        PostId id = write.postId();
        if (policy != WritePolicy.WRITE_BACK) {
            Applied applied = db.apply(write);
            afterDatabase(applied, policy);
            return applied;
        }
        if (replacePendingDetails(id, p -> p.withCaption(write.caption()), "caption") == null) {
            return setCaption(write, WritePolicy.WRITE_THROUGH);
        }
        if (!record(WriteBackEntries.encode(write, null), () -> cache.invalidate(id))) {
            return setCaption(write, WritePolicy.WRITE_THROUGH);
        }
        return Applied.queued(write);
    }

    private record Details(Post post, Post cached) {
    }

    /**
     * Replaces a post's details as write-back shows them (its pending details, else the database's)
     * with {@code change} applied, by compare-and-set so that concurrent edits of other fields are
     * kept. Returns the details now shown, or null when the cache failed and the caller may fall
     * back to write-through; throws when it may not, or when every attempt lost to another writer.
     */
    private Post replacePendingDetails(PostId id, UnaryOperator<Post> change, String what) {
        try {
            for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
                Details current = currentDetails(id);
                Post replacement = change.apply(current.post);
                if (cache.replacePending(current.cached, replacement)) {
                    return replacement;
                }
            }
        } catch (StorageException e) {
            guard.failed("write-back " + what, e);
            if (!writeBackFallback) {
                throw notRecorded(e);
            }
            return null;
        }
        throw new StorageException("post " + id + " is being changed by many writers at once; its " + what
                + " did not change, try again");
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

    private Applied deletePost(Write.DeletePost write, WritePolicy policy) {
        PostId id = write.postId();
        if (policy == WritePolicy.WRITE_BACK) {
            Optional<Post> current = reader.read(id);
            if (current.isEmpty()) {
                return Applied.deleted(write, current);
            }
            GeoPoint at = indexed(current.get());
            // Queued first, shown after: a writer that dies in between leaves no deleted marker on a
            // post that exists (the flusher invalidates the post when it applies the delete).
            if (!record(WriteBackEntries.encode(write, at), () -> { })) {
                return deletePost(write, WritePolicy.WRITE_THROUGH);
            }
            guard.run("show write-back delete", () -> {
                cache.putPendingDelete(id);
                indexRemove(id, at);
            });
            return Applied.queuedDelete(write, current.get());
        }
        Applied applied = db.apply(write);
        afterDatabase(applied, policy);
        return applied;
    }

    /**
     * Posts imported in a batch skip the cache (write-around). Their ids are new, so only the geo
     * cells they fall in need invalidating, once each.
     */
    private void invalidateAfterImport(Collection<Post> posts) {
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

    private Applied react(Write.Reaction write, WritePolicy policy) {
        PostId id = write.postId();
        if (policy == WritePolicy.WRITE_BACK) {
            if (!reader.exists(id)) {
                throw new NotFoundException("post " + id + " does not exist");
            }
            return recordQueued(write);
        }
        Applied applied = db.apply(write);
        afterDatabase(applied, policy);
        return applied;
    }

    /**
     * A write-back write whose post is known to exist, recorded on its own; written through if the
     * queue is unavailable and so configured. Whether it changes anything is known once the
     * database applied it.
     */
    private Applied recordQueued(Write write) {
        if (!record(WriteBackEntries.encode(write, null), () -> { })) {
            return apply(write, WritePolicy.WRITE_THROUGH);
        }
        return Applied.queued(write);
    }

    private Applied addComment(Write.AddComment write, WritePolicy policy) {
        Comment comment = write.comment();
        if (policy == WritePolicy.WRITE_BACK) {
            if (!reader.exists(comment.postId())) {
                throw new NotFoundException("post " + comment.postId() + " does not exist");
            }
            return recordQueued(write);
        }
        Applied applied = db.apply(write);
        afterDatabase(applied, policy);
        return applied;
    }

    private Applied removeComment(Write.RemoveComment write, WritePolicy policy) {
        Optional<Comment> comment = db.findComment(write.commentId());
        if (comment.isEmpty()) {
            return Applied.unchanged(write);
        }
        if (policy == WritePolicy.WRITE_BACK) {
            if (!record(WriteBackEntries.encode(write, null, comment.get().postId()), () -> { })) {
                return removeComment(write, WritePolicy.WRITE_THROUGH);
            }
            return Applied.queued(write);
        }
        Applied applied = db.apply(write);
        if (applied.changed()) {
            countersChanged(comment.get().postId(), policy);
        }
        return applied;
    }

    // ---- many writes

    /**
     * Under write-through and write-around, one database transaction ({@link
     * dev.tanken.db.DatabaseService#applyAll}), then the cache brought in line once per touched post.
     * A list of post creations alone is an import: it goes to the database under every policy and
     * only the geo cells of the new posts are invalidated. Under write-back every write is recorded
     * on its own (the flusher batches them again), after checking that the posts of all reactions
     * and comments exist; a failure part-way leaves the writes before it recorded.
     */
    public List<Applied> applyAll(List<Write> writes, WritePolicy policy) {
        if (!writes.isEmpty() && writes.stream().allMatch(w -> w instanceof Write.CreatePost)) {
            List<Applied> applied = db.applyAll(writes);
            invalidateAfterImport(writes.stream().map(w -> ((Write.CreatePost) w).post()).toList());
            return applied;
        }
        if (policy == WritePolicy.WRITE_BACK) {
            Set<PostId> posts = new LinkedHashSet<>();
            for (Write w : writes) {
                if (w instanceof Write.Reaction r) {
                    posts.add(r.postId());
                } else if (w instanceof Write.AddComment c) {
                    posts.add(c.comment().postId());
                }
            }
            for (PostId id : posts) {
                if (!reader.exists(id)) {
                    throw new NotFoundException("post " + id + " does not exist");
                }
            }
            List<Applied> out = new ArrayList<>(writes.size());
            for (Write w : writes) {
                out.add(w instanceof Write.Reaction || w instanceof Write.AddComment
                        ? recordQueued(w) : apply(w, policy));
            }
            return out;
        }
        Map<UUID, PostId> commentPosts = new HashMap<>();
        for (Write w : writes) {
            if (w instanceof Write.RemoveComment r) {
                db.findComment(r.commentId()).ifPresent(c -> commentPosts.put(r.commentId(), c.postId()));
            }
        }
        List<Applied> applied = db.applyAll(writes);
        Set<PostId> countersTouched = new LinkedHashSet<>();
        for (Applied a : applied) {
            if (!a.changed()) {
                continue;
            }
            Write w = a.write();
            if (w instanceof Write.Reaction r) {
                countersTouched.add(r.postId());
            } else if (w instanceof Write.AddComment c) {
                countersTouched.add(c.comment().postId());
            } else if (w instanceof Write.RemoveComment r && commentPosts.containsKey(r.commentId())) {
                countersTouched.add(commentPosts.get(r.commentId()));
            } else if (w instanceof Write.CreatePost c) {
                guard.invalidatePost(c.post().id(), false);
                invalidateCell(c.post());
            } else {
                afterDatabase(a, policy);
            }
        }
        if (policy == WritePolicy.WRITE_THROUGH) {
            countersTouched.forEach(id -> refresh(id, true));
        } else {
            guard.invalidateCounters(countersTouched);
        }
        return applied;
    }

    /** Brings the cache in line with a write the database applied. */
    private void afterDatabase(Applied applied, WritePolicy policy) {
        if (!applied.changed()) {
            return;
        }
        applied.write().accept(new Write.Cases<Void, RuntimeException>() {
            @Override
            public Void createUser(Write.CreateUser w) {
                return null;
            }

            @Override
            public Void setDefaultPrecision(Write.SetDefaultPrecision w) {
                return null;
            }

            @Override
            public Void createPost(Write.CreatePost w) {
                guard.invalidatePost(w.post().id(), false);
                invalidateCell(w.post());
                return null;
            }

            @Override
            public Void setTags(Write.SetTags w) {
                if (policy == WritePolicy.WRITE_THROUGH) {
                    refresh(w.postId(), false);
                } else {
                    guard.invalidatePost(w.postId(), false);
                }
                return null;
            }

            @Override
            public Void deletePost(Write.DeletePost w) {
                PostId id = w.postId();
                guard.invalidatePost(id, false);
                applied.deleted().ifPresent(p -> {
                    GeoPoint at = indexed(p);
                    if (at != null && !guard.run("geo remove", () -> cache.geoRemove(id, at))) {
                        guard.invalidateCell(at);
                    }
                });
                return null;
            }

            @Override
            public Void reaction(Write.Reaction w) {
                countersChanged(w.postId(), policy);
                return null;
            }

            @Override
            public Void addComment(Write.AddComment w) {
                countersChanged(w.comment().postId(), policy);
                return null;
            }

            @Override
            public Void removeComment(Write.RemoveComment w) {
                return null; // its post is known only before the delete; see removeComment
            }

            @Override
            public Void setPlaceName(Write.SetPlaceName w) {
                return null;
            }

            /** Cached posts carry their author's name: every post of the user is read again. */
            @Override
            public Void renameUser(Write.RenameUser w) {
                String cursor = null;
                do {
                    var page = db.postsByUser(w.userId(), DatabaseService.MAX_LIMIT, cursor);
                    page.items().forEach(p -> guard.invalidatePost(p.id(), false));
                    cursor = page.nextCursor();
                } while (cursor != null);
                return null;
            }

            @Override
            public Void deleteUser(Write.DeleteUser w) {
                applied.removal().ifPresent(removal -> {
                    for (Post p : removal.posts()) {
                        guard.invalidatePost(p.id(), false);
                        guard.run("geo remove", () -> {
                            cache.geoRemove(p.id(), p.location());
                            cache.geoRemove(p.id(), LocationPrecision.APPROXIMATE.shown(p.location()));
                        });
                        invalidateCells(p.location());
                    }
                    guard.invalidateCounters(removal.recounted());
                });
                return null;
            }

            @Override
            public Void setCaption(Write.SetCaption w) {
                if (policy == WritePolicy.WRITE_THROUGH) {
                    refresh(w.postId(), false);
                } else {
                    guard.invalidatePost(w.postId(), false);
                }
                return null;
            }

            @Override
            public Void setPostPrecision(Write.SetPostPrecision w) {
                if (policy == WritePolicy.WRITE_THROUGH) {
                    refresh(w.postId(), false);
                } else {
                    guard.invalidatePost(w.postId(), false);
                }
                db.findPost(w.postId()).ifPresent(p -> {
                    guard.run("geo remove", () -> {
                        cache.geoRemove(p.id(), p.location());
                        cache.geoRemove(p.id(), LocationPrecision.APPROXIMATE.shown(p.location()));
                    });
                    invalidateCells(p.location());
                });
                return null;
            }
        });
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
}
