package dev.tanken.consistency.internal;

import dev.tanken.ConflictException;
import dev.tanken.DuplicatePostException;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackQueue.Entry;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Reaction;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Applies write-back entries to the database, in stream order, idempotently: an entry applied
 * before a crash and delivered again changes nothing. Posts are keyed by their client-made id,
 * likes and bookmarks are set membership, comments have their own ids, and tags are replaced
 * wholesale by the latest pending value; so no bookkeeping table is needed.
 *
 * <p>Consecutive creates go to the database as one batch, and so do consecutive likes and
 * bookmarks. An entry the database rejects for good
 * (duplicate picture, unknown author, post gone) is reported for the dead-letter stream; a storage
 * failure stops the batch, leaving the rest for a retry.
 */
public final class EntryApplier {
    private final DatabaseService db;
    private final CacheGuard guard;
    private final PostCacheService cache;
    private final Duration ttl;

    public EntryApplier(DatabaseService db, CacheGuard guard, Duration ttl) {
        this.db = db;
        this.guard = guard;
        this.cache = guard.cache();
        this.ttl = ttl;
    }

    /** The outcome: entries done (a prefix of the input, in order), those rejected, and the failure that stopped it. */
    public record Result(List<Entry> applied, List<Rejected> rejected, RuntimeException failure) {
    }

    public record Rejected(Entry entry, String reason) {
    }

    public Result apply(List<Entry> entries) {
        List<Entry> applied = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        int i = 0;
        try {
            while (i < entries.size()) {
                int j = i;
                while (j < entries.size() && batchable(entries.get(j))) {
                    j++;
                }
                if (j > i) {
                    applyCreates(entries.subList(i, j), applied, rejected);
                    i = j;
                    continue;
                }
                while (j < entries.size() && kind(entries.get(j)) != null) {
                    j++;
                }
                if (j > i) {
                    applyReactions(entries.subList(i, j), applied, rejected);
                    i = j;
                } else {
                    Entry e = entries.get(i);
                    String reason = WriteBackEntries.op(e.fields()) == WriteBackEntries.Op.CREATE
                            ? createWithActivity(e) : applyOne(e);
                    if (reason == null) {
                        applied.add(e);
                    } else {
                        rejected.add(new Rejected(e, reason));
                    }
                    i++;
                }
            }
            return new Result(applied, rejected, null);
        } catch (InvalidInputException e) {
            // Not expected from an entry this code wrote; keep the queue moving.
            rejected.add(new Rejected(entries.get(i), e.getMessage()));
            Result rest = apply(entries.subList(i + 1, entries.size()));
            applied.addAll(rest.applied());
            rejected.addAll(rest.rejected());
            return new Result(applied, rejected, rest.failure());
        } catch (RuntimeException e) {
            return new Result(applied, rejected, e);
        }
    }

    /** Creates without an activity entry go to the database together; the batch call takes no entries. */
    private static boolean batchable(Entry e) {
        return WriteBackEntries.op(e.fields()) == WriteBackEntries.Op.CREATE && WriteBackEntries.activity(e.fields()) == null;
    }

    /** The kind of reaction an entry stands for, or null for another operation. */
    private static Reaction.Kind kind(Entry e) {
        return switch (WriteBackEntries.op(e.fields())) {
            case LIKE -> Reaction.Kind.LIKE;
            case UNLIKE -> Reaction.Kind.UNLIKE;
            case BOOKMARK -> Reaction.Kind.BOOKMARK;
            case UNBOOKMARK -> Reaction.Kind.UNBOOKMARK;
            default -> null;
        };
    }

    private static Reaction reaction(Entry e) {
        return new Reaction(kind(e), WriteBackEntries.post(e.fields()), WriteBackEntries.user(e.fields()),
                WriteBackEntries.activity(e.fields()));
    }

    /**
     * Consecutive likes and bookmarks go to the database as one {@code react} call (one transaction);
     * if it is refused (a post deleted meanwhile, a redelivered entry whose activity is logged), one
     * by one to tell which. Then each touched post's counters are invalidated, in one round trip.
     */
    private void applyReactions(List<Entry> run, List<Entry> applied, List<Rejected> rejected) {
        List<Reaction> reactions = run.stream().map(EntryApplier::reaction).toList();
        try {
            db.react(reactions);
            applied.addAll(run);
        } catch (InvalidInputException batchRefused) {
            for (Entry e : run) {
                String reason;
                try {
                    reason = applyOne(e);
                } catch (InvalidInputException refused) {
                    reason = refused.getMessage();
                }
                if (reason == null) {
                    applied.add(e);
                } else {
                    rejected.add(new Rejected(e, reason));
                }
            }
        }
        guard.invalidateCounters(new LinkedHashSet<>(reactions.stream().map(Reaction::postId).toList()));
    }

    private String createWithActivity(Entry e) {
        Post p = WriteBackEntries.data(e.fields());
        String reason = createOne(p, WriteBackEntries.activity(e.fields()));
        if (reason == null) {
            settle(p);
        } else {
            dropRejected(p);
        }
        return reason;
    }

    private void dropRejected(Post p) {
        guard.invalidatePost(p.id(), false);
        GeoPoint at = PolicyWriter.indexed(p);
        if (at != null) {
            guard.run("geo remove", () -> cache.geoRemove(p.id(), at));
        }
    }

    private void applyCreates(List<Entry> creates, List<Entry> applied, List<Rejected> rejected) {
        List<Post> posts = new ArrayList<>(creates.size());
        for (Entry e : creates) {
            posts.add(WriteBackEntries.data(e.fields()));
        }
        try {
            db.createPosts(posts);
            applied.addAll(creates);
            List<GeoPoint> at = posts.stream().map(PolicyWriter::indexed).toList();
            guard.run("settle", () -> cache.settleCreated(posts, at, ttl));
            return;
        } catch (InvalidInputException batchFailed) {
            // Some post of the batch is a redelivery or is invalid: go one by one to tell which.
        }
        for (int k = 0; k < creates.size(); k++) {
            Post p = posts.get(k);
            String reason = createOne(p, null);
            if (reason == null) {
                settle(p);
                applied.add(creates.get(k));
            } else {
                dropRejected(p);
                rejected.add(new Rejected(creates.get(k), reason));
            }
        }
    }

    /**
     * Null when the post is in the database now (inserted, or already there from an earlier delivery,
     * its activity entry with it), else why not.
     */
    private String createOne(Post p, ActivityEntry activity) {
        try {
            db.createPost(p, activity);
            return null;
        } catch (DuplicatePostException e) {
            return e.existingPostId().equals(p.id()) ? null
                    : "author " + p.author().username() + " already posted this picture as post " + e.existingPostId();
        } catch (ConflictException e) {
            return db.findPost(p.id()).isPresent() ? null : e.getMessage();
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }

    private void settle(Post p) {
        // A cell warmed from the database before this flush lacks the post: put it back.
        guard.run("settle", () -> {
            cache.settle(p.id(), Optional.of(p), ttl);
            GeoPoint at = PolicyWriter.indexed(p);
            if (at != null) {
                cache.geoAdd(p.id(), at);
            }
        });
    }

    /**
     * Null when applied (or already applied), else the reason the database refuses it. A conflict
     * on a redelivered entry means its activity entry is already logged, so the operation was
     * applied before: the database rolled this attempt back whole.
     */
    private String applyOne(Entry e) {
        PostId id = WriteBackEntries.post(e.fields());
        ActivityEntry activity = WriteBackEntries.activity(e.fields());
        try {
            switch (WriteBackEntries.op(e.fields())) {
                case TAGS -> {
                    // Nothing pending means a later entry (or a write-through write) already applied
                    // the latest tags; this entry's activity still belongs in the log.
                    Optional<Post> pending = cache.pendingDetails(id);
                    if (pending.isPresent()) {
                        db.setTags(id, pending.get().tags(), activity);
                        cache.settle(id, pending, ttl);
                    } else if (activity != null) {
                        db.activityLog().append(activity);
                    }
                }
                case DELETE -> {
                    db.deletePost(id, activity);
                    cache.settle(id, Optional.empty(), ttl);
                    GeoPoint at = WriteBackEntries.location(e.fields());
                    if (at != null) {
                        cache.geoRemove(id, at);
                    }
                }
                case LIKE -> db.like(id, WriteBackEntries.user(e.fields()), activity);
                case UNLIKE -> db.unlike(id, WriteBackEntries.user(e.fields()), activity);
                case BOOKMARK -> db.bookmark(id, WriteBackEntries.user(e.fields()), activity);
                case UNBOOKMARK -> db.unbookmark(id, WriteBackEntries.user(e.fields()), activity);
                case COMMENT -> db.addComment(WriteBackEntries.commentOf(e.fields()), activity);
                case UNCOMMENT -> db.removeComment(WriteBackEntries.commentId(e.fields()), activity);
                case CREATE -> throw new IllegalStateException("creates are applied by createWithActivity");
            }
        } catch (ConflictException again) {
            // Applied by an earlier delivery (the comment or the activity entry exists).
        }
        switch (WriteBackEntries.op(e.fields())) {
            case COMMENT, UNCOMMENT -> guard.invalidatePost(id, true);
            default -> { }
        }
        return null;
    }
}
