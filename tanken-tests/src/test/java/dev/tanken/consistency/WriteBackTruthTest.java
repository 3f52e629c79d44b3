package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.NotFoundException;
import dev.tanken.ReactionKind;
import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.UploadResult;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.Actions;
import dev.tanken.db.Applied;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.testing.TankenExtension;
import dev.tanken.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The write-back contract, through the facade on real services: a write-back call answers only
 * what it knows (queued, never changed; a duplicate picture refused at once), and after the flush
 * the database and its activity log hold exactly what the database applied: repeated likes are one
 * like and one entry, an unlike without a like and a delete of a deleted post record nothing, a
 * duplicate picture is no post and no entry. What the database refuses at flush time is a dead
 * letter that can be replayed or dropped.
 */
class WriteBackTruthTest {

    @Nested
    class OnSqlite extends Cases {
        @RegisterExtension
        final TankenExtension ext = TankenExtension.sqlite().withRedis(WritePolicy.WRITE_BACK);

        @Override
        TankenExtension ext() {
            return ext;
        }
    }

    @Nested
    class OnPostgres extends Cases {
        @RegisterExtension
        final TankenExtension ext = TankenExtension.postgres().withRedis(WritePolicy.WRITE_BACK);

        @Override
        TankenExtension ext() {
            return ext;
        }
    }

    abstract static class Cases {
        abstract TankenExtension ext();

        private Tanken tanken() {
            return ext().tanken();
        }

        private CachingDatabaseService tier() {
            return tanken().cache().orElseThrow();
        }

        /** The database itself, past the cache. */
        private DatabaseService db() {
            return tier().database();
        }

        private List<ActivityEntry> entries(String action) {
            tier().flush();
            return db().activityLog().search(ActivityQuery.newestFirst(100).withAction(action)).items();
        }

        private Post flushedPost(String author, long seed) {
            UploadResult r = tanken().upload(TestPhotos.jpeg(35.68, 139.76, seed), UploadOptions.by(author));
            assertThat(r.status()).isEqualTo(UploadResult.Status.QUEUED);
            tier().flush();
            assertThat(db().findPost(r.post().id())).isPresent();
            return r.post();
        }

        @Test
        void repeatedLikesAreQueuedAndBecomeOneLikeAndOneEntry() {
            Post p = flushedPost("aiko", 1);
            for (int i = 0; i < 3; i++) {
                Applied a = tanken().react("ben", p.id(), ReactionKind.LIKE);
                assertThat(a.queued()).isTrue();
                assertThat(a.changed()).as("not known before the database applies it").isFalse();
            }
            tier().flush();
            assertThat(db().findPost(p.id()).orElseThrow().likes()).isEqualTo(1);
            assertThat(entries(Actions.POST_LIKE)).singleElement()
                    .satisfies(e -> assertThat(e.actor()).isEqualTo("ben"));
            assertThat(tier().deadLetters(10)).isEmpty();
        }

        @Test
        void anUnlikeWithoutALikeRecordsNothing() {
            Post p = flushedPost("aiko", 2);
            // A user who does not exist has nothing to take back: nothing is queued, nobody created.
            assertThat(tanken().react("nobody", p.id(), ReactionKind.UNLIKE)).satisfies(a -> {
                assertThat(a.queued()).isFalse();
                assertThat(a.changed()).isFalse();
            });
            assertThat(db().findUserByName("nobody")).isEmpty();
            tanken().user("ben");
            assertThat(tanken().react("ben", p.id(), ReactionKind.UNLIKE).queued()).isTrue();
            assertThat(tanken().react("ben", p.id(), ReactionKind.UNBOOKMARK).queued()).isTrue();
            tier().flush();
            assertThat(entries(Actions.POST_UNLIKE)).isEmpty();
            assertThat(entries(Actions.POST_UNBOOKMARK)).isEmpty();
            // A like, then an unlike, are two changes and two entries.
            tanken().react("ben", p.id(), ReactionKind.LIKE);
            tanken().react("ben", p.id(), ReactionKind.UNLIKE);
            tanken().react("ben", p.id(), ReactionKind.UNLIKE);
            tier().flush();
            assertThat(db().findPost(p.id()).orElseThrow().likes()).isZero();
            assertThat(entries(Actions.POST_LIKE)).hasSize(1);
            assertThat(entries(Actions.POST_UNLIKE)).hasSize(1);
        }

        @Test
        void aDuplicatePictureIsRefusedBeforeItIsQueuedAndLeavesNoPostAndNoEntry() {
            byte[] photo = TestPhotos.jpeg(35.68, 139.76, 3);
            List<UploadResult> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(tanken().upload(photo, UploadOptions.by("aiko")));
            }
            PostId first = results.get(0).post().id();
            assertThat(results).extracting(UploadResult::status).containsExactly(UploadResult.Status.QUEUED,
                    UploadResult.Status.DUPLICATE, UploadResult.Status.DUPLICATE, UploadResult.Status.DUPLICATE);
            assertThat(results).extracting(r -> r.post().id()).containsOnly(first);
            tier().flush();
            assertThat(db().countPosts()).isEqualTo(1);
            assertThat(entries(Actions.POST_CREATE)).singleElement()
                    .satisfies(e -> assertThat(e.subjectId()).isEqualTo(first.toString()));
            assertThat(tier().deadLetters(10)).isEmpty();
            // Once stored, the database answers the same.
            assertThat(tanken().upload(photo, UploadOptions.by("aiko")))
                    .satisfies(r -> assertThat(r.status()).isEqualTo(UploadResult.Status.DUPLICATE))
                    .satisfies(r -> assertThat(r.post().id()).isEqualTo(first));
            // Another author's copy is a post of its own.
            assertThat(tanken().upload(photo, UploadOptions.by("ben")).status()).isEqualTo(UploadResult.Status.QUEUED);
        }

        @Test
        void concurrentUploadsOfOnePictureQueueOnePost() throws Exception {
            byte[] photo = TestPhotos.jpeg(35.68, 139.76, 4);
            tanken().user("aiko");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<UploadResult>> futures = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Callable<UploadResult> upload = () -> tanken().upload(photo, UploadOptions.by("aiko"));
                    futures.add(pool.submit(upload));
                }
                List<UploadResult> results = new ArrayList<>();
                for (Future<UploadResult> f : futures) {
                    results.add(f.get());
                }
                assertThat(results).filteredOn(r -> r.status() == UploadResult.Status.QUEUED).hasSize(1);
                assertThat(results).extracting(r -> r.post().id()).containsOnly(results.stream()
                        .filter(r -> r.status() == UploadResult.Status.QUEUED).findFirst().orElseThrow().post().id());
            } finally {
                pool.shutdownNow();
            }
            tier().flush();
            assertThat(db().countPosts()).isEqualTo(1);
            assertThat(entries(Actions.POST_CREATE)).hasSize(1);
            assertThat(tier().deadLetters(10)).isEmpty();
        }

        @Test
        void deletingADeletedPostRecordsNothing() {
            Post p = flushedPost("aiko", 5);
            assertThat(tier().apply(new Write.DeletePost(p.id()))).satisfies(a -> {
                assertThat(a.queued()).isTrue();
                assertThat(a.changed()).isFalse();
            });
            Post deleted = tanken().post(p.id()).orElse(null);
            assertThat(deleted).as("the cache shows the pending delete").isNull();
            assertThatThrownBy(() -> tanken().delete("aiko", p.id())).isInstanceOf(NotFoundException.class);
            Applied again = tier().apply(new Write.DeletePost(p.id()));
            assertThat(again.queued()).isFalse();
            assertThat(again.changed()).isFalse();
            tier().flush();
            assertThat(db().findPost(p.id())).isEmpty();
            // Deleted again after the flush, and twice through the queue: the database deletes once.
            assertThat(tier().apply(new Write.DeletePost(p.id())).changed()).isFalse();
            assertThat(entries(Actions.POST_DELETE)).isEmpty(); // a delete without an entry records none
            Post q = flushedPost("aiko", 6);
            assertThat(tanken().delete("aiko", q.id()).id()).isEqualTo(q.id());
            tier().flush();
            assertThat(entries(Actions.POST_DELETE)).singleElement()
                    .satisfies(e -> assertThat(e.subjectId()).isEqualTo(q.id().toString()));
        }

        @Test
        void refusalsAtFlushTimeAreDeadLettersThatCanBeReplayedOrDropped() {
            User ghost = User.create("ghost", null);
            Post orphan = Post.create(ghost.ref(), "no author yet", new PictureRef("k1", "image/jpeg", "a".repeat(64),
                    10, 10), dev.tanken.model.GeoPoint.of(35.0, 139.0), null, List.of());
            Post other = Post.create(ghost.ref(), "dropped", new PictureRef("k2", "image/jpeg", "b".repeat(64),
                    10, 10), dev.tanken.model.GeoPoint.of(35.0, 139.0), null, List.of());
            assertThat(tier().apply(new Write.CreatePost(orphan)).queued()).isTrue();
            assertThat(tier().apply(new Write.CreatePost(other)).queued()).isTrue();
            tier().flush();
            List<DeadLetter> letters = tier().deadLetters(10);
            assertThat(letters).hasSize(2).allSatisfy(d -> {
                assertThat(d.operation()).isEqualTo("create");
                assertThat(d.reason()).isNotBlank();
                assertThat(d.failedAt()).isNotNull();
            });
            assertThat(letters).extracting(DeadLetter::postId).containsExactly(orphan.id().toString(),
                    other.id().toString());
            assertThat(db().findPost(orphan.id())).isEmpty();

            db().createUser(ghost);
            assertThat(tier().replayDeadLetters(List.of(letters.get(0).id(), "0-1"))).isEqualTo(1);
            tier().flush();
            assertThat(db().findPost(orphan.id())).isPresent();
            assertThat(tier().deadLetters(10)).extracting(DeadLetter::id).containsExactly(letters.get(1).id());
            assertThat(tier().dropDeadLetters(List.of(letters.get(1).id()))).isEqualTo(1);
            assertThat(tier().deadLetters(10)).isEmpty();
            assertThat(db().findPost(other.id())).isEmpty();
        }
    }
}
