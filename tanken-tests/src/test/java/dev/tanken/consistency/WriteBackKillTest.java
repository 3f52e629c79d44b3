package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.CachedPost;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.testing.PostgresTestDatabase;
import dev.tanken.testing.RedisTestNamespace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kills ({@code SIGKILL}) a process running a mixed write-back workload ({@link
 * WriteBackWorkloadChild}) at a random moment, again and again on the same database and cache, each
 * new process's flusher taking over what the dead one left; then checks the result against a replay
 * of everything that was sent, in order:
 *
 * <ul>
 *   <li>every acknowledged write the database could apply is applied, and its activity entry is in
 *       the log exactly once; a write that changed nothing (a repeated like, an unlike without a like,
 *       a reaction or comment on a post deleted before it was applied, a repeated delete) has no entry;
 *       the one write in flight at the kill is applied wholly (entry included) or not at all;</li>
 *   <li>the database's likes, bookmarks, comments and posts are exactly the replay's, and each post's
 *       counters equal its rows;</li>
 *   <li>every post the cache holds equals the database's (no invalidation was lost), and every post it
 *       holds as deleted is gone from the database.</li>
 * </ul>
 *
 * <p>{@code -Dtanken.kill.iterations=N} (default 50) and {@code -Dtanken.kill.seed=S} reproduce a run.
 *
 * <p>What a child sent is what its output says, so the output must be complete up to the kill: it
 * goes to a file and the kill is a plain signal ({@link KillableChild}).
 */
@Tag("slow")
class WriteBackKillTest {
    private static final int ITERATIONS = Integer.getInteger("tanken.kill.iterations", 50);

    private record Op(int run, int seq, String op, PostId post, UUID user, Status status, String note) {
    }

    private enum Status { ACK, NO, IN_FLIGHT }

    @Test
    void killedAtRandomPointsAWriteBackWorkloadLosesAndDuplicatesNothing() throws Exception {
        long seed = Long.getLong("tanken.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        String cacheUrl = RedisTestNamespace.url();
        try (PostgresTestDatabase schema = PostgresTestDatabase.createMigrated();
                DatabaseService pg = PostgresDatabaseService.open(schema.url());
                PostCacheService cache = CacheServices.open(cacheUrl)) {
            List<UUID> users = new ArrayList<>();
            for (String name : List.of("aiko", "ben", "chika")) {
                users.add(pg.createUser(User.create(name, null)).id());
            }
            List<Op> ops = new ArrayList<>();
            long queuedAtKills = 0;
            for (int run = 0; run < ITERATIONS; run++) {
                ops.addAll(runAndKill(schema.url(), cacheUrl, run, random, users));
                queuedAtKills += cache.writeBackQueue().length();
            }
            CachingDatabaseService successor = CachingDatabaseService.using(pg, cache, CacheTierOptions.DEFAULTS
                    .withFlusher(false, 50, Duration.ofMillis(20), Duration.ofMillis(400))
                    .withDrainTimeout(Duration.ofSeconds(30)));
            successor.flush(); // waits out the last dead flusher's lock, then takes over its entries
            List<DeadLetter> deadLetters = successor.deadLetters(Integer.MAX_VALUE);
            successor.close();
            assertThat(cache.writeBackQueue().length()).isZero();

            Replay expected = new Replay();
            Map<String, Integer> actual = entries(schema);
            String context = "seed " + seed;
            for (Op op : ops) {
                expected.apply(op, actual.containsKey(op.run() + ":" + op.seq()));
            }
            assertThat(actual.values()).as("entries recorded twice (%s)", context).allMatch(n -> n == 1);
            Set<String> unexpected = new HashSet<>(actual.keySet());
            unexpected.removeAll(expected.entries);
            assertThat(unexpected).as("entries of no write the replay applied (%s); output of their runs: %s", context,
                    unexpected.stream().map(k -> RAW.get(Integer.parseInt(k.split(":")[0]))).toList()).isEmpty();
            assertThat(actual.keySet()).as("activity entries against the replay (%s)", context)
                    .containsExactlyInAnyOrderElementsOf(expected.entries);
            Rows rows = rows(schema);
            assertThat(rows.posts).as("posts (%s)", context).isEqualTo(expected.posts);
            assertThat(rows.likes).as("likes (%s)", context).isEqualTo(expected.likes);
            assertThat(rows.bookmarks).as("bookmarks (%s)", context).isEqualTo(expected.bookmarks);
            assertThat(rows.comments).as("comments (%s)", context).isEqualTo(expected.comments);

            Set<PostId> everyPost = ops.stream().map(Op::post).collect(Collectors.toCollection(HashSet::new));
            int cached = 0;
            for (PostId id : everyPost) {
                var stored = pg.findPost(id);
                stored.ifPresent(p -> assertThat(List.of(p.likes(), p.bookmarks(), p.comments()))
                        .as("counters of %s (%s)", id, context).containsExactly(
                                (long) count(expected.likes, id), (long) count(expected.bookmarks, id),
                                (long) expected.comments.getOrDefault(id, 0)));
                CachedPost c = cache.getPosts(List.of(id)).get(0);
                if (c.state() == CachedPost.State.HIT) {
                    cached++;
                    assertThat(java.util.Optional.of(c.post())).as("cached %s (%s)", id, context).isEqualTo(stored);
                } else if (c.state() == CachedPost.State.DELETED) {
                    assertThat(stored).as("cached as deleted: %s (%s)", id, context).isEmpty();
                }
            }
            for (DeadLetter d : deadLetters) {
                assertThat(pg.findPost(PostId.parse(d.postId()))).as("dead letter %s (%s)", d, context).isEmpty();
            }
            long acked = ops.stream().filter(o -> o.status() == Status.ACK).count();
            long inFlight = ops.stream().filter(o -> o.status() == Status.IN_FLIGHT).count();
            System.out.printf("WriteBackKillTest: %d kills, %d writes sent, %d acknowledged, %d in flight at a kill,"
                    + " %d left queued at the kills, %d activity entries, %d dead letters (posts deleted first),"
                    + " %d cached posts checked; lost 0, duplicated 0, stale 0; children starting %.1f s,"
                    + " working %.1f s in all (%s)%n", ITERATIONS, ops.size(), acked, inFlight, queuedAtKills,
                    actual.size(), deadLetters.size(), cached, startupNanos / 1e9, workNanos / 1e9, context);
            cache.deleteNamespace();
        }
    }

    private static int count(Set<String> pairs, PostId post) {
        return (int) pairs.stream().filter(p -> p.startsWith(post + "/")).count();
    }

    private static long answered(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("ACK ") || l.startsWith("NO ")).count();
    }

    /** Where the children's output goes. */
    private static final Path DIR = Path.of("target", "write-back-kill");
    private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    private static long startupNanos;
    private static long workNanos;

    /** Runs one child, kills it at a random moment after it started working, and returns what it sent. */
    private static List<Op> runAndKill(String dbUrl, String cacheUrl, int run, Random random, List<UUID> users)
            throws Exception {
        List<String> lines;
        long started = System.nanoTime();
        try (KillableChild child = KillableChild.start(DIR.resolve("run-" + run + ".out"), DIR.resolve("children.log"),
                JVM, WriteBackWorkloadChild.class, List.of(dbUrl, cacheUrl, Integer.toString(run),
                        Long.toString(random.nextLong()), users.stream().map(UUID::toString)
                                .collect(Collectors.joining(","))))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!child.lines().contains("READY")) {
                assertThat(child.isAlive()).as("child of run %d exited before READY: %s", run, child.lines()).isTrue();
                assertThat(System.nanoTime()).as("child of run %d not ready in 60 s", run).isLessThan(deadline);
                Thread.sleep(5);
            }
            long ready = System.nanoTime();
            startupNanos += ready - started;
            // A random point of the workload, whatever the machine's speed: after a random number of
            // answered writes, and a random few milliseconds more.
            int answers = 1 + random.nextInt(40);
            while (answered(child.lines()) < answers && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            Thread.sleep(random.nextInt(30));
            lines = child.kill(); // every line the child completed before the signal
            workNanos += System.nanoTime() - ready;
        }
        return sent(run, lines);
    }

    /** The writes a run's output says it sent, each acknowledged, refused or in flight. */
    private static List<Op> sent(int run, List<String> lines) {
        Map<Integer, Op> sent = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "SEND" -> sent.put(Integer.parseInt(f[1]), new Op(run, Integer.parseInt(f[1]), f[2],
                        PostId.parse(f[3]), UUID.fromString(f[4]), Status.IN_FLIGHT, ""));
                case "ACK", "NO" -> sent.computeIfPresent(Integer.parseInt(f[1]), (k, o) -> new Op(o.run(), o.seq(),
                        o.op(), o.post(), o.user(), f[0].equals("ACK") ? Status.ACK : Status.NO,
                        line.substring(line.indexOf(f[1]) + f[1].length()).strip()));
                default -> {
                }
            }
        }
        RAW.put(run, List.copyOf(lines));
        return new ArrayList<>(sent.values());
    }

    /** Each run's output, for a failure message. */
    private static final Map<Integer, List<String>> RAW = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the database must hold after the ops, applied in order, each the way the database applies it. */
    private static final class Replay {
        final Set<PostId> posts = new HashSet<>();
        final Set<String> likes = new HashSet<>();
        final Set<String> bookmarks = new HashSet<>();
        final Map<PostId, Integer> comments = new HashMap<>();
        final Set<String> entries = new HashSet<>();
        private final List<Op> history = new ArrayList<>();

        /** The ops on this op's post before it, for a failure message. */
        private String before(Op op) {
            return history.stream().filter(o -> o.post().equals(op.post())).map(Op::toString)
                    .collect(Collectors.joining("\n  ", "\n  ", ""));
        }

        void apply(Op op, boolean hasEntry) {
            String was = before(op);
            history.add(op);
            applyAfter(op, hasEntry, was);
        }

        private void applyAfter(Op op, boolean hasEntry, String was) {
            String key = op.run() + ":" + op.seq();
            if (op.status() == Status.NO) {
                assertThat(hasEntry).as("entry of refused write %s after%s", op, was).isFalse();
                return;
            }
            String pair = op.post() + "/" + op.user();
            boolean exists = posts.contains(op.post());
            boolean changes = switch (op.op()) {
                case "create" -> !exists;
                case "like" -> exists && !likes.contains(pair);
                case "unlike" -> exists && likes.contains(pair);
                case "bookmark" -> exists && !bookmarks.contains(pair);
                case "unbookmark" -> exists && bookmarks.contains(pair);
                case "comment", "delete" -> exists;
                default -> throw new IllegalStateException(op.toString());
            };
            if (!changes) {
                assertThat(hasEntry).as("entry of %s, which changed nothing, after%s", op, was).isFalse();
                return;
            }
            if (op.status() == Status.ACK) {
                assertThat(hasEntry).as("entry of acknowledged %s (lost) after%s", op, was).isTrue();
            } else if (!hasEntry) {
                return; // in flight at the kill and not recorded: not applied either
            }
            entries.add(key);
            switch (op.op()) {
                case "create" -> posts.add(op.post());
                case "like" -> likes.add(pair);
                case "unlike" -> likes.remove(pair);
                case "bookmark" -> bookmarks.add(pair);
                case "unbookmark" -> bookmarks.remove(pair);
                case "comment" -> comments.merge(op.post(), 1, Integer::sum);
                case "delete" -> {
                    posts.remove(op.post());
                    likes.removeIf(p -> p.startsWith(op.post() + "/"));
                    bookmarks.removeIf(p -> p.startsWith(op.post() + "/"));
                    comments.remove(op.post());
                }
                default -> throw new IllegalStateException(op.toString());
            }
        }
    }

    /** Activity entries by "run:seq", with how many times each is stored. */
    private static Map<String, Integer> entries(PostgresTestDatabase schema) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = schema.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT payload->>'run', payload->>'seq' FROM activity_log"
                        + " WHERE payload ? 'seq'")) {
            while (r.next()) {
                out.merge(r.getString(1) + ":" + r.getString(2), 1, Integer::sum);
            }
        }
        return out;
    }

    private record Rows(Set<PostId> posts, Set<String> likes, Set<String> bookmarks, Map<PostId, Integer> comments) {
    }

    private static Rows rows(PostgresTestDatabase schema) throws Exception {
        Set<PostId> posts = new HashSet<>();
        Set<String> likes = new HashSet<>();
        Set<String> bookmarks = new HashSet<>();
        Map<PostId, Integer> comments = new HashMap<>();
        try (Connection c = schema.connect(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT post_id FROM posts")) {
                while (r.next()) {
                    posts.add(PostId.parse(r.getString(1)));
                }
            }
            for (String table : List.of("likes", "bookmarks")) {
                try (ResultSet r = s.executeQuery("SELECT post_id, user_id FROM " + table)) {
                    while (r.next()) {
                        (table.equals("likes") ? likes : bookmarks).add(r.getString(1) + "/" + r.getString(2));
                    }
                }
            }
            try (ResultSet r = s.executeQuery("SELECT post_id, count(*) FROM comments GROUP BY post_id")) {
                while (r.next()) {
                    comments.put(PostId.parse(r.getString(1)), r.getInt(2));
                }
            }
        }
        return new Rows(posts, likes, bookmarks, comments);
    }
}
