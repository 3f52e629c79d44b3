package dev.tanken.consistency.internal;

import dev.tanken.ConflictException;
import dev.tanken.DuplicatePostException;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackQueue.Entry;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
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
 * before a crash and delivered again changes nothing (see {@link #applyRedelivered} for why a
 * redelivered batch is not simply applied again). Posts are keyed by their client-made id,
 * likes and bookmarks are set membership, comments have their own ids, and tags are replaced
 * wholesale by the latest pending value; so no bookkeeping table is needed.
 *
 * <p>Consecutive creates go to the database as one transaction, and so do consecutive likes and
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
                Write first = WriteBackEntries.decode(entries.get(i).fields());
                int j = i + 1;
                while (j < entries.size() && sameRun(first, WriteBackEntries.decode(entries.get(j).fields()))) {
                    j++;
                }
                if (first instanceof Write.CreatePost) {
                    applyCreates(entries.subList(i, j), applied, rejected);
                } else if (first instanceof Write.Reaction) {
                    applyReactions(entries.subList(i, j), applied, rejected);
                } else {
                    Entry e = entries.get(i);
                    String reason = applyOne(e, first);
                    if (reason == null) {
                        applied.add(e);
                    } else {
                        rejected.add(new Rejected(e, reason));
                    }
                    j = i + 1;
                }
                i = j;
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

    /**
     * Applies entries delivered before (taken over from a flusher that died, or left pending by a
     * failed batch), which the database may have already. Applying a reaction again is not harmless
     * once later entries are applied too: a like that changed nothing the first time (the like was
     * there) adds the like again after a later unlike of the same batch removed it, with an activity
     * entry of its own. Entries are applied in stream order, each transaction committed before the
     * next begins, so every entry up to the last one whose activity entry is in the log was applied
     * (or refused): reactions and comment changes among them are not applied again, only their cache
     * follow-up runs; creates, deletes and tag changes go through {@link #apply}, which already
     * tells a redelivery from a new write. The entries after that one changed nothing that left an
     * entry, so applying them again on the same state is harmless.
     */
    public Result applyRedelivered(List<Entry> entries) {
        int done = appliedPrefix(entries);
        if (done == 0) {
            return apply(entries);
        }
        List<Entry> applied = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        LinkedHashSet<PostId> counters = new LinkedHashSet<>();
        try {
            for (int k = 0; k < done; k++) {
                Entry e = entries.get(k);
                Write w = WriteBackEntries.decode(e.fields());
                if (w instanceof Write.Reaction r) {
                    applied.add(e);
                    counters.add(r.postId());
                } else if (w instanceof Write.AddComment || w instanceof Write.RemoveComment) {
                    applied.add(e);
                    guard.invalidatePost(WriteBackEntries.post(e.fields()), true);
                } else {
                    Result one = apply(List.of(e));
                    applied.addAll(one.applied());
                    rejected.addAll(one.rejected());
                    if (one.failure() != null) {
                        return new Result(applied, rejected, one.failure());
                    }
                }
            }
        } catch (RuntimeException e) {
            return new Result(applied, rejected, e);
        } finally {
            if (!counters.isEmpty()) {
                guard.invalidateCounters(counters);
            }
        }
        Result rest = apply(entries.subList(done, entries.size()));
        applied.addAll(rest.applied());
        rejected.addAll(rest.rejected());
        return new Result(applied, rejected, rest.failure());
    }

    /** How many entries, from the first, the database applied already: up to the last whose activity entry is logged. */
    private int appliedPrefix(List<Entry> entries) {
        for (int k = entries.size() - 1; k >= 0; k--) {
            ActivityEntry a = WriteBackEntries.activity(entries.get(k).fields());
            if (a != null && db.activityLog().find(a.id()).isPresent()) {
                return k + 1;
            }
        }
        return 0;
    }

    /** Consecutive creates go to the database together, and so do consecutive reactions. */
    private static boolean sameRun(Write first, Write next) {
        return first instanceof Write.CreatePost ? next instanceof Write.CreatePost
                : first instanceof Write.Reaction && next instanceof Write.Reaction;
    }

    /**
     * Consecutive likes and bookmarks go to the database as one {@code applyAll} call (one
     * transaction); if it is refused (a post deleted meanwhile, a redelivered entry whose activity is
     * logged), one by one to tell which. Then each touched post's counters are invalidated, in one
     * round trip.
     */
    private void applyReactions(List<Entry> run, List<Entry> applied, List<Rejected> rejected) {
        List<Write> reactions = run.stream().map(e -> WriteBackEntries.decode(e.fields())).toList();
        try {
            db.applyAll(reactions);
            applied.addAll(run);
        } catch (InvalidInputException batchRefused) {
            for (int k = 0; k < run.size(); k++) {
                String reason;
                try {
                    reason = applyOne(run.get(k), reactions.get(k));
                } catch (InvalidInputException refused) {
                    reason = refused.getMessage();
                }
                if (reason == null) {
                    applied.add(run.get(k));
                } else {
                    rejected.add(new Rejected(run.get(k), reason));
                }
            }
        }
        guard.invalidateCounters(new LinkedHashSet<>(reactions.stream()
                .map(w -> ((Write.Reaction) w).postId()).toList()));
    }

    /** The database decides duplicates from here on; see PolicyWriter's picture claim. */
    private void releasePicture(Post p) {
        guard.run("release picture claim", () -> cache.releasePicture(p.author().id(), p.picture().sha256(), p.id()));
    }

    private void dropRejected(Post p) {
        releasePicture(p);
        guard.invalidatePost(p.id(), false);
        GeoPoint at = PolicyWriter.indexed(p);
        if (at != null) {
            guard.run("geo remove", () -> cache.geoRemove(p.id(), at));
        }
    }

    private void applyCreates(List<Entry> creates, List<Entry> applied, List<Rejected> rejected) {
        List<Write> writes = creates.stream().map(e -> WriteBackEntries.decode(e.fields())).toList();
        List<Post> posts = writes.stream().map(w -> ((Write.CreatePost) w).post()).toList();
        try {
            db.applyAll(writes);
            applied.addAll(creates);
            List<GeoPoint> at = posts.stream().map(PolicyWriter::indexed).toList();
            guard.run("settle", () -> cache.settleCreated(posts, at, ttl));
            posts.forEach(this::releasePicture);
            return;
        } catch (InvalidInputException batchFailed) {
            // Some post of the batch is a redelivery or is invalid: go one by one to tell which.
        }
        for (int k = 0; k < creates.size(); k++) {
            Post p = posts.get(k);
            String reason = createOne((Write.CreatePost) writes.get(k));
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
    private String createOne(Write.CreatePost write) {
        Post p = write.post();
        try {
            db.apply(write);
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
        releasePicture(p);
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
    private String applyOne(Entry e, Write write) {
        PostId id = WriteBackEntries.post(e.fields());
        if (write instanceof Write.CreatePost create) {
            String reason = createOne(create);
            if (reason == null) {
                settle(create.post());
            } else {
                dropRejected(create.post());
            }
            return reason;
        }
        try {
            if (write instanceof Write.SetTags tags) {
                // Nothing pending means a later entry (or a write-through write) already applied
                // the latest tags; this entry's activity still belongs in the log.
                Optional<Post> pending = cache.pendingDetails(id);
                if (pending.isPresent()) {
                    db.apply(new Write.SetTags(id, pending.get().tags(), tags.entry()));
                    cache.settle(id, pending, ttl);
                } else if (tags.entry() != null) {
                    db.activityLog().append(tags.entry());
                }
            } else if (write instanceof Write.SetPostPrecision precision) {
                Optional<Post> pending = cache.pendingDetails(id);
                if (pending.isPresent()) {
                    db.apply(new Write.SetPostPrecision(id, pending.get().locationPrecision(), precision.entry()));
                    cache.settle(id, pending, ttl);
                    // A create flushed before this entry, or a warm from the database before the flush,
                    // may have put the post back where its old precision showed it.
                    guard.run("geo move", () -> PolicyWriter.reindex(cache, db, id, pending.get().location()));
                } else if (precision.entry() != null) {
                    db.activityLog().append(precision.entry());
                }
            } else if (write instanceof Write.DeletePost) {
                db.apply(write);
                cache.settle(id, Optional.empty(), ttl);
                // Whatever the cache holds of the post now (its writer may have died before showing the
                // delete) goes too.
                guard.invalidatePost(id, false);
                GeoPoint at = WriteBackEntries.location(e.fields());
                if (at != null) {
                    cache.geoRemove(id, at);
                }
            } else {
                db.apply(write);
            }
        } catch (ConflictException again) {
            // Applied by an earlier delivery (the comment or the activity entry exists).
        }
        if (write instanceof Write.AddComment || write instanceof Write.RemoveComment) {
            guard.invalidatePost(id, true);
        }
        return null;
    }
}
