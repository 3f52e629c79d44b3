package dev.tanken.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.db.Changes;
import dev.tanken.db.Write;
import dev.tanken.NotFoundException;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** PostgreSQL-specific behaviour beyond the shared contract. */
class PostgresServiceBehaviourTest extends PostgresTestBase {

    @Test
    void deletePostReturnsThePostAsItWasWithTagsAndCounters() {
        User a = user("aiko");
        User b = user("ben");
        Post p = Post.create(a.ref(), "bye", picture(1), GeoPoint.of(1, 1), null, List.of("one", "two"));
        service.createPost(p);
        service.bookmark(p.id(), b.id());
        service.addComment(Comment.create(p.id(), b.ref(), "hi"));

        Post deleted = service.deletePost(p.id()).orElseThrow();

        assertThat(deleted).isEqualTo(p.withCounts(0, 1, 1));
        assertThat(count("SELECT count(*) FROM post_tags")).isZero();
        assertThat(count("SELECT count(*) FROM bookmarks")).isZero();
        assertThat(count("SELECT count(*) FROM comments")).isZero();
    }

    @Test
    void commentCountersStayExactUnderConcurrentAddsAndRemoves() throws Exception {
        User a = user("aiko");
        Post p = post(a, 1, 1);
        List<Comment> toRemove = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Comment c = Comment.create(p.id(), a.ref(), "old " + i);
            service.addComment(c);
            toRemove.add(c);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<Integer>) () -> {
                    start.await();
                    int removed = 0;
                    for (int i = 0; i < 10; i++) {
                        service.addComment(Comment.create(p.id(), a.ref(), "new " + thread + "/" + i));
                        // Every thread races to remove every old comment; each goes exactly once.
                        removed += service.removeComment(toRemove.get((i * 2 + thread) % 20).id()) ? 1 : 0;
                        removed += service.removeComment(toRemove.get((i * 2 + thread + 1) % 20).id()) ? 1 : 0;
                    }
                    return removed;
                }));
            }
            start.countDown();
            int removed = 0;
            for (Future<Integer> f : futures) {
                removed += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(removed).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.findPost(p.id()).orElseThrow().comments()).isEqualTo(40)
                .isEqualTo(count("SELECT count(*) FROM comments"));
    }

    @Test
    void likesRacingADeleteEitherLandBeforeItOrFindThePostGone() throws Exception {
        User a = user("aiko");
        List<User> fans = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fans.add(user("fan" + i));
        }
        Post p = post(a, 1, 1);
        ExecutorService pool = Executors.newFixedThreadPool(fans.size() + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (User fan : fans) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return service.like(p.id(), fan.id()) ? "liked" : "already";
                    } catch (NotFoundException e) {
                        return "gone";
                    }
                }));
            }
            Future<Boolean> delete = pool.submit(() -> {
                start.await();
                return service.deletePost(p.id()).isPresent();
            });
            start.countDown();
            for (Future<String> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isIn("liked", "gone");
            }
            assertThat(delete.get(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.findPost(p.id())).isEmpty();
        assertThat(count("SELECT count(*) FROM likes")).isZero();
    }

    @Test
    void aBatchThatLosesADeadlockToASingleLikeRunsAgain() throws Exception {
        User a = user("aiko");
        User b = user("ben");
        // PostgreSQL looks for a deadlock once, a second after a transaction starts to wait. On a busy
        // machine the single like's second half can arrive after the batch's look, and then the single
        // like is the one that loses; the scenario is set up again until the batch loses.
        for (int attempt = 0; attempt < 10; attempt++) {
            Post p = post(a, 10 + attempt, 10 + attempt);
            Boolean batchLost = batchRacesSingleLike(p, a, b);
            if (batchLost) {
                assertThat(service.findPost(p.id()).orElseThrow().likes()).isEqualTo(2)
                        .isEqualTo(count("SELECT count(*) FROM likes WHERE post_id = '" + p.id() + "'"));
                return;
            }
        }
        throw new AssertionError("in 10 attempts the batch never lost the deadlock");
    }

    /** Returns whether the batch lost the deadlock (and then ran again), false when the single like lost. */
    private boolean batchRacesSingleLike(Post p, User a, User b) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection single = db.connect(); Connection watcher = db.connect()) {
            // The first half of a single like: its like row, not yet the post's counter.
            single.setAutoCommit(false);
            long txid;
            try (Statement s = single.createStatement()) {
                s.executeUpdate("INSERT INTO likes (post_id, user_id) VALUES ('" + p.id() + "', '" + a.id() + "')");
                ResultSet rs = s.executeQuery("SELECT txid_current()");
                rs.next();
                txid = rs.getLong(1);
            }
            // The batch locks the post, then waits for that like row.
            Future<List<Boolean>> batch = pool.submit(() -> Changes.changed(service.applyAll(List.of(new Write.Like(p.id(), b.id()), new Write.Like(p.id(), a.id())))));
            awaitWaiterOn(watcher, txid);
            // The second half now waits for the batch's post lock: a deadlock, which one side detects
            // and loses. When the batch loses, it must run again once the single like has committed.
            try (Statement s = single.createStatement()) {
                s.executeUpdate("UPDATE posts SET likes = likes + 1 WHERE post_id = '" + p.id() + "'");
            } catch (java.sql.SQLException e) {
                assertThat(e.getSQLState()).as("the single like lost the deadlock").isEqualTo("40P01");
                single.rollback();
                assertThat(batch.get(60, TimeUnit.SECONDS)).containsExactly(true, true);
                return false;
            }
            single.commit();
            assertThat(batch.get(60, TimeUnit.SECONDS)).containsExactly(true, false);
            return true;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitWaiterOn(Connection watcher, long txid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Statement s = watcher.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted"
                            + " AND transactionid::text = '" + txid + "'")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("nothing waited for transaction " + txid);
    }

    @Test
    void aBatchRacingADeleteLandsBeforeItOrFindsThePostGone() throws Exception {
        User a = user("aiko");
        List<User> fans = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fans.add(user("fan" + i));
        }
        Post p = post(a, 1, 1);
        Post other = post(a, 2, 2);
        ExecutorService pool = Executors.newFixedThreadPool(fans.size() + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (User fan : fans) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        List<Boolean> changed = Changes.changed(service.applyAll(List.of(new Write.Like(other.id(), fan.id()),
                                new Write.Like(p.id(), fan.id()), new Write.Bookmark(p.id(), fan.id()))));
                        return changed.equals(List.of(true, true, true)) ? "landed" : "odd " + changed;
                    } catch (NotFoundException e) {
                        return e.getMessage().contains(p.id().toString()) ? "gone" : "odd " + e.getMessage();
                    }
                }));
            }
            Future<Boolean> delete = pool.submit(() -> {
                start.await();
                return service.deletePost(p.id()).isPresent();
            });
            start.countDown();
            long landed = 0;
            for (Future<String> f : futures) {
                String outcome = f.get(60, TimeUnit.SECONDS);
                assertThat(outcome).isIn("landed", "gone");
                landed += outcome.equals("landed") ? 1 : 0;
            }
            assertThat(delete.get(60, TimeUnit.SECONDS)).isTrue();
            // A batch that found the post gone left nothing behind, not even its like of the other post.
            assertThat(service.findPost(other.id()).orElseThrow().likes()).isEqualTo(landed);
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.findPost(p.id())).isEmpty();
        assertThat(count("SELECT count(*) FROM likes WHERE post_id = '" + p.id() + "'")).isZero();
        assertThat(count("SELECT count(*) FROM bookmarks")).isZero();
    }

    private long count(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
