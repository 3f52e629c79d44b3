package dev.tanken.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.db.Changes;
import dev.tanken.ConflictException;
import dev.tanken.DuplicatePostException;
import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.StorageException;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.internal.Cursors;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the PostgreSQL backend reports failures the shared contract does not reach. */
class PostgresServiceErrorsTest extends PostgresTestBase {

    @Test
    void reusedIdsAreConflictsNamingTheId() {
        User u = user("aiko");
        User sameId = new User(u.id(), "other", null, null, null, null, Instant.now(), null, false);
        assertThatThrownBy(() -> service.createUser(sameId))
                .isInstanceOf(ConflictException.class).hasMessageContaining(u.id().toString());

        Post p = post(u, 1, 1);
        Post sameIdPost = new Post(p.id(), Instant.now(), u.ref(), "", picture(999), GeoPoint.of(2, 2), null,
                0, 0, 0, List.of());
        assertThatThrownBy(() -> service.createPost(sameIdPost))
                .isInstanceOf(ConflictException.class).isNotInstanceOf(DuplicatePostException.class)
                .hasMessageContaining(p.id().toString());

        Comment c = Comment.create(p.id(), u.ref(), "first");
        service.addComment(c);
        assertThatThrownBy(() -> service.addComment(new Comment(c.id(), p.id(), u.ref(), Instant.now(), "again")))
                .isInstanceOf(ConflictException.class).hasMessageContaining(c.id().toString());
        assertThat(service.findPost(p.id()).orElseThrow().comments()).isEqualTo(1);
    }

    @Test
    void missingReferencesAreNotFoundNamingWhatIsMissing() {
        User u = user("aiko");
        Post p = post(u, 1, 1);
        UUID ghost = UUID.randomUUID();
        PostId missing = PostId.newId();
        assertThatThrownBy(() -> service.addComment(Comment.create(p.id(), new UserRef(ghost, "ghost"), "boo")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(ghost.toString());
        assertThatThrownBy(() -> service.bookmark(p.id(), ghost))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(ghost.toString());
        assertThatThrownBy(() -> service.like(missing, u.id()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> service.unlike(missing, u.id()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> service.unbookmark(p.id(), ghost))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(ghost.toString());
        assertThat(service.removeComment(UUID.randomUUID())).isFalse();
        Post after = service.findPost(p.id()).orElseThrow();
        assertThat(after.comments()).isZero();
        assertThat(after.bookmarks()).isZero();
    }

    @Test
    void concurrentUploadsOfOnePictureLeaveOnePostAndNameIt() throws Exception {
        User u = user("aiko");
        int racers = 6;
        List<Post> attempts = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            attempts.add(Post.create(u.ref(), "try " + i, picture(42), GeoPoint.of(1, 1), null, List.of("t" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<PostId>> results = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (Post attempt : attempts) {
                results.add(pool.submit((Callable<PostId>) () -> {
                    start.await();
                    try {
                        service.createPost(attempt);
                        return attempt.id();
                    } catch (DuplicatePostException e) {
                        return e.existingPostId();
                    }
                }));
            }
            start.countDown();
            List<PostId> winners = new ArrayList<>();
            for (Future<PostId> f : results) {
                winners.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(winners).containsOnly(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.countPosts()).isEqualTo(1);
        PostId winner = results.get(0).get();
        int index = attempts.stream().map(Post::id).toList().indexOf(winner);
        assertThat(service.findPost(winner).orElseThrow().tags()).containsExactly("t" + index);
    }

    @Test
    void createPostsInsertsAllOrNothing() {
        User a = user("aiko");
        User b = user("ben");
        List<Post> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(Post.create((i % 2 == 0 ? a : b).ref(), "p" + i, picture(1000 + i), GeoPoint.of(i, i), null,
                    i % 3 == 0 ? List.of() : List.of("x" + i, "common")));
        }
        service.applyAll(Changes.creates(batch));
        assertThat(service.countPosts()).isEqualTo(50);
        assertThat(service.findPosts(batch.stream().map(Post::id).toList())).containsExactlyElementsOf(batch);

        // The second half repeats a picture from the first call: nothing of the call may stay.
        Post fresh = Post.create(a.ref(), "", picture(5000), GeoPoint.of(0, 0), null, List.of("new"));
        Post repeat = Post.create(a.ref(), "", picture(1000), GeoPoint.of(0, 0), null, List.of());
        assertThatThrownBy(() -> service.applyAll(Changes.creates(List.of(fresh, repeat))))
                .isInstanceOfSatisfying(DuplicatePostException.class,
                        e -> assertThat(e.existingPostId()).isEqualTo(batch.get(0).id()));
        // A picture twice within one call is a duplicate of the call's own earlier post.
        Post twinA = Post.create(b.ref(), "", picture(6000), GeoPoint.of(0, 0), null, List.of());
        Post twinB = Post.create(b.ref(), "", picture(6000), GeoPoint.of(0, 0), null, List.of());
        assertThatThrownBy(() -> service.applyAll(Changes.creates(List.of(twinA, twinB))))
                .isInstanceOfSatisfying(DuplicatePostException.class,
                        e -> assertThat(e.existingPostId()).isEqualTo(twinA.id()));
        UUID ghost = UUID.randomUUID();
        Post orphan = Post.create(new UserRef(ghost, "ghost"), "", picture(7000), GeoPoint.of(0, 0), null, List.of());
        assertThatThrownBy(() -> service.applyAll(Changes.creates(List.of(fresh, orphan))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(ghost.toString());

        assertThat(service.countPosts()).isEqualTo(50);
        assertThat(service.findPost(fresh.id())).isEmpty();
        assertThat(service.findPost(twinA.id())).isEmpty();
        service.applyAll(Changes.creates(List.of()));
        assertThat(service.countPosts()).isEqualTo(50);
    }

    @Test
    void paginatedCallsCheckLimitsAndCursors() {
        User u = user("aiko");
        Post p = post(u, 1, 1);
        for (int limit : new int[] {-1, DatabaseService.MAX_LIMIT + 1}) {
            assertThatThrownBy(() -> service.postsByUser(u.id(), limit, null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> service.comments(p.id(), limit, null)).isInstanceOf(InvalidInputException.class);
        }
        assertThat(service.postsByUser(u.id(), 0, null).items()).isEmpty();
        assertThat(service.postsByUser(u.id(), 0, null).nextCursor()).isNull();
        String nearbyCursor = Cursors.nearby(0.1, UUID.randomUUID());
        assertThatThrownBy(() -> service.postsByUser(u.id(), 10, nearbyCursor)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> service.comments(p.id(), 10, "%%%")).isInstanceOf(InvalidInputException.class);
        assertThat(service.postsByUser(u.id(), DatabaseService.MAX_LIMIT, null).items()).hasSize(1);
    }

    @Test
    void nullArgumentsAreInvalidInput() {
        assertThatThrownBy(() -> service.findUser(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> service.findPost(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> service.nearby(null, 10, 10, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> service.like(PostId.newId(), null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> service.findPostByPicture(UUID.randomUUID(), "ABC"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void sqlFailuresAreStorageExceptionsNamingTheOperation() {
        user("aiko");
        db.execute("DROP TABLE posts CASCADE");
        assertThatThrownBy(() -> service.countPosts())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("countPosts")
                .hasMessageContaining("posts");
        assertThatThrownBy(() -> service.nearby(GeoPoint.of(0, 0), 10, 10, null))
                .isInstanceOf(StorageException.class).hasMessageContaining("nearby");
    }

    @Test
    void anInvalidStoredRowIsAStorageFailureNotTheCallersFault() {
        db.execute("INSERT INTO users (id, username, created_at)"
                + " VALUES ('00000000-0000-7000-8000-00000000000b', 'has space', now())");
        assertThatThrownBy(() -> service.findUser(java.util.UUID.fromString("00000000-0000-7000-8000-00000000000b")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("00000000-0000-7000-8000-00000000000b")
                .hasMessageContaining("username");
    }

    @Test
    void aClosedServiceFailsWithAStorageException() {
        service.close();
        service.close();
        assertThatThrownBy(() -> service.findUserByName("aiko"))
                .isExactlyInstanceOf(dev.tanken.ClosedException.class)
                .hasMessageContaining("findUserByName")
                .hasMessageContaining("closed");
    }
}
