package dev.tanken.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.DuplicatePostException;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers on one file. Two service instances on the same file stand in for two processes:
 * they share no Java lock, so only SQLite's locking (BEGIN IMMEDIATE + busy timeout) keeps their
 * read-then-write transactions from failing with SQLITE_BUSY or losing updates.
 */
class SqliteConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void likesAndUnlikesFromManyThreadsOfTwoInstancesKeepExactCounters() throws Exception {
        Path file = dir.resolve("tanken.db");
        try (SqliteDatabaseService one = SqliteDatabaseService.open(file);
                SqliteDatabaseService two = SqliteDatabaseService.open(file)) {
            UserRef author = one.createUser(User.create("author", null)).ref();
            List<Post> posts = List.of(SqliteTestSupport.post(one, author, 1, 1),
                    SqliteTestSupport.post(one, author, 2, 2), SqliteTestSupport.post(one, author, 3, 3));
            List<UUID> users = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                users.add(one.createUser(User.create("u" + i, null)).ref().id());
            }
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                UUID user = users.get(i);
                SqliteDatabaseService db = i % 2 == 0 ? one : two;
                boolean keeps = i < 5; // users 0..4 end up liking every post, 5..7 end up not liking
                tasks.add(() -> {
                    for (int round = 0; round < 6; round++) {
                        for (Post p : posts) {
                            db.like(p.id(), user);
                            db.like(p.id(), user);
                            db.bookmark(p.id(), user);
                            db.unlike(p.id(), user);
                            db.findPost(p.id()); // readers interleave with the writers
                            if (keeps || round < 5) {
                                db.like(p.id(), user);
                            }
                        }
                    }
                    return null;
                });
            }
            runTogether(tasks);
            for (Post p : posts) {
                Post a = one.findPost(p.id()).orElseThrow();
                Post b = two.findPost(p.id()).orElseThrow();
                assertThat(a.likes()).isEqualTo(5);
                assertThat(a.bookmarks()).isEqualTo(8);
                assertThat(b).isEqualTo(a);
            }
        }
    }

    @Test
    void concurrentImportsOfTheSamePicturesCreateEachPostOnce() throws Exception {
        Path file = dir.resolve("tanken.db");
        try (SqliteDatabaseService one = SqliteDatabaseService.open(file);
                SqliteDatabaseService two = SqliteDatabaseService.open(file)) {
            UserRef author = one.createUser(User.create("author", null)).ref();
            List<PictureRef> pictures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                pictures.add(SqliteTestSupport.randomPicture());
            }
            AtomicInteger created = new AtomicInteger();
            AtomicInteger duplicates = new AtomicInteger();
            AtomicBoolean importing = new AtomicBoolean(true);
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                SqliteDatabaseService db = t % 2 == 0 ? one : two;
                tasks.add(() -> {
                    for (PictureRef pic : pictures) {
                        try {
                            db.createPost(Post.create(author, "", pic, GeoPoint.of(35.68, 139.76), null,
                                    List.of("import")));
                            created.incrementAndGet();
                        } catch (DuplicatePostException e) {
                            assertThat(db.findPostByPicture(author.id(), pic.sha256())).contains(e.existingPostId());
                            duplicates.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            // A reader paging through nearby results while the import runs never fails.
            Callable<Void> reader = () -> {
                while (importing.get()) {
                    two.nearby(GeoPoint.of(35.68, 139.76), 100, 50, null);
                }
                return null;
            };
            ExecutorService readerPool = Executors.newSingleThreadExecutor();
            Future<Void> readerDone = readerPool.submit(reader);
            try {
                runTogether(tasks);
            } finally {
                importing.set(false);
                readerDone.get(60, TimeUnit.SECONDS);
                readerPool.shutdownNow();
            }
            assertThat(created.get()).isEqualTo(pictures.size());
            assertThat(duplicates.get()).isEqualTo(3 * pictures.size());
            assertThat(one.countPosts()).isEqualTo(pictures.size());
            List<PostId> ids = one.nearby(GeoPoint.of(35.68, 139.76), 100, 1000, null).items().stream()
                    .map(n -> n.post().id()).toList();
            assertThat(ids).hasSize(pictures.size()).doesNotHaveDuplicates();
        }
    }

    private static void runTogether(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
