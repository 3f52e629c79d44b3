package dev.tanken.seed;

import dev.tanken.activity.Actions;
import dev.tanken.activity.ActivityEntry;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.internal.Uuid7;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.UUID;

/**
 * Synthetic activity, for filling a log quickly ({@link ActivityLog#load}) in benchmarks and demos.
 * The same seed gives the same entries. Entries come oldest first, spread evenly over {@code span}
 * from {@code start}, with ids in time order, so that loading them appends to every time-ordered
 * index.
 *
 * <p>Shape, so that queries can be written against known selectivities:
 * <ul>
 *   <li>actors {@code user0 .. user<users-1>}, uniformly;</li>
 *   <li>actions: post.like 45%, comment.create 15%, post.create 15%, post.bookmark 10%,
 *       post.unlike 5%, post.tags 3%, post.unbookmark 2%, comment.delete 1%, post.delete 1%,
 *       post.report 3% (moderation reports);</li>
 *   <li>subjects: posts {@link #postId(long) postId(0 .. posts-1)} uniformly (comments for
 *       comment actions);</li>
 *   <li>every payload has {@code client: {app, version}} with app ios 45%, android 40%, web 14%,
 *       cli 1%; reactions carry {@code postAuthor}; comment.create {@code length} (1..500,
 *       uniform); post.create {@code tags}, {@code width}, {@code height}; post.report {@code
 *       flag: {gid (0..9999, uniform), reason}}.</li>
 * </ul>
 */
public final class ActivityGenerator {
    private static final String[] APPS = {"ios", "android", "web", "cli"};
    private static final int[] APP_WEIGHTS = {45, 40, 14, 1};
    private static final String[] ACTIONS = {Actions.POST_LIKE, Actions.COMMENT_CREATE, Actions.POST_CREATE,
        Actions.POST_BOOKMARK, Actions.POST_UNLIKE, Actions.POST_TAGS, Actions.POST_UNBOOKMARK,
        Actions.COMMENT_DELETE, Actions.POST_DELETE, "post.report"};
    private static final int[] ACTION_WEIGHTS = {45, 15, 15, 10, 5, 3, 2, 1, 1, 3};
    private static final String[] TAGS = {"tokyo", "kyoto", "food", "temple", "sunset", "ramen", "sakura", "night",
        "train", "mountain", "sea", "street", "cat", "festival", "snow"};
    private static final String[] REASONS = {"spam", "nsfw", "harassment", "other"};

    /** Number of distinct {@code flag.gid} values in post.report payloads. */
    public static final int FLAG_GIDS = 10_000;

    private final long seed;
    private final int users;
    private final long posts;
    private final Instant start;
    private final Duration span;

    public ActivityGenerator(long seed, int users, long posts, Instant start, Duration span) {
        if (users < 1 || posts < 1) {
            throw new InvalidInputException("users and posts must be at least 1");
        }
        if (start == null || span == null || span.isNegative() || span.isZero()) {
            throw new InvalidInputException("start must be given and span must be positive");
        }
        this.seed = seed;
        this.users = users;
        this.posts = posts;
        this.start = start;
        this.span = span;
    }

    public static String actor(int i) {
        return "user" + i;
    }

    /** The id of synthetic post number {@code i}: fixed, so that queries can name subjects. */
    public static String postId(long i) {
        return new UUID(0x0190000000007000L, 0x8000000000000000L | (i & 0x3fffffffffffffffL)).toString();
    }

    /** The time of entry number {@code index} out of {@code count}. */
    public Instant timeOf(long index, long count) {
        long spanMicros = span.toNanos() / 1000;
        return start.plusNanos((long) ((double) spanMicros * index / count) * 1000);
    }

    /** {@code count} entries, oldest first. */
    public Iterator<ActivityEntry> entries(long count) {
        if (count < 0) {
            throw new InvalidInputException("count must not be negative");
        }
        Random random = new Random(seed);
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public ActivityEntry next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                Instant at = timeOf(next++, count);
                return entry(random, at);
            }
        };
    }

    private ActivityEntry entry(Random r, Instant at) {
        String actor = actor(r.nextInt(users));
        String action = ACTIONS[pick(r, ACTION_WEIGHTS)];
        String post = postId(Math.floorMod(r.nextLong(), posts));
        ObjectNode p = ActivityEntry.newPayload();
        p.putObject("client").put("app", APPS[pick(r, APP_WEIGHTS)])
                .put("version", "3." + r.nextInt(10) + "." + r.nextInt(20));
        String subjectType = Actions.SUBJECT_POST;
        String subject = post;
        switch (action) {
            case Actions.COMMENT_CREATE, Actions.COMMENT_DELETE -> {
                subjectType = Actions.SUBJECT_COMMENT;
                subject = Uuid7.at(at.toEpochMilli(), r).toString();
                p.put("postId", post).put("postAuthor", actor(r.nextInt(users)));
                if (action.equals(Actions.COMMENT_CREATE)) {
                    p.put("length", 1 + r.nextInt(500));
                }
            }
            case Actions.POST_CREATE, Actions.POST_TAGS -> {
                ArrayNode tags = p.putArray("tags");
                for (int i = r.nextInt(4); i > 0; i--) {
                    tags.add(TAGS[r.nextInt(TAGS.length)]);
                }
                if (action.equals(Actions.POST_CREATE)) {
                    p.put("width", 640 + 16 * r.nextInt(220)).put("height", 480 + 16 * r.nextInt(160));
                }
            }
            case "post.report" -> p.putObject("flag").put("gid", r.nextInt(FLAG_GIDS))
                    .put("reason", REASONS[r.nextInt(REASONS.length)]);
            default -> p.put("postAuthor", actor(r.nextInt(users)));
        }
        return new ActivityEntry(Uuid7.at(at.toEpochMilli(), r), at, actor, action, subjectType, subject, p);
    }

    private static int pick(Random r, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
