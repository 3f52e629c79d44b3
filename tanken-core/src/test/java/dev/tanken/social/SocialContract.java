package dev.tanken.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.ForbiddenException;
import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.Actions;
import dev.tanken.activity.PayloadCondition;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Comment;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Social actions through the {@link Tanken} facade, with their authorisation rules and activity
 * entries, on each real backend (plus a filesystem blob store).
 */
public abstract class SocialContract {
    @TempDir
    protected Path dir;

    protected DatabaseService db;
    protected BlobStore blobs;
    protected Tanken tanken;
    private int seed;

    protected abstract DatabaseService newService();

    @BeforeEach
    void open() {
        db = newService();
        blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        tanken = Tanken.using(db, blobs, null);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    protected Post upload(String username) {
        return upload(username, TestPhotos.jpeg(35.68, 139.76, ++seed));
    }

    protected Post upload(String username, byte[] photo) {
        return tanken.upload(photo, UploadOptions.by(username)).post();
    }

    private List<ActivityEntry> entries(String action) {
        return tanken.activity(ActivityQuery.newestFirst(1000).withAction(action)).items();
    }

    private Post reload(Post p) {
        return tanken.post(p.id()).orElseThrow();
    }

    @Test
    void likesAndBookmarksAreIdempotentAndRecordedOnce() {
        Post p = upload("aiko");
        assertThat(tanken.like("ben", p.id())).isTrue();
        assertThat(tanken.like("ben", p.id())).isFalse();
        assertThat(tanken.like("aiko", p.id())).isTrue();
        assertThat(tanken.bookmark("ben", p.id())).isTrue();
        assertThat(tanken.bookmark("ben", p.id())).isFalse();
        assertThat(reload(p).likes()).isEqualTo(2);
        assertThat(reload(p).bookmarks()).isEqualTo(1);
        assertThat(tanken.unlike("ben", p.id())).isTrue();
        assertThat(tanken.unlike("ben", p.id())).isFalse();
        assertThat(tanken.unbookmark("ben", p.id())).isTrue();
        assertThat(reload(p).likes()).isEqualTo(1);
        assertThat(reload(p).bookmarks()).isZero();

        List<ActivityEntry> likes = entries(Actions.POST_LIKE);
        assertThat(likes).extracting(ActivityEntry::actor).containsExactly("aiko", "ben");
        assertThat(likes.get(0).subjectId()).isEqualTo(p.id().toString());
        assertThat(likes.get(0).payload().get("postAuthor").asText()).isEqualTo("aiko");
        assertThat(entries(Actions.POST_UNLIKE)).hasSize(1);
        assertThat(entries(Actions.POST_BOOKMARK)).hasSize(1);
        assertThat(entries(Actions.POST_UNBOOKMARK)).hasSize(1);
        // ben was created by his first like, and that was recorded too.
        assertThat(entries(Actions.USER_CREATE)).extracting(ActivityEntry::actor).containsExactly("ben", "aiko");
        assertThat(entries(Actions.POST_CREATE)).singleElement()
                .satisfies(e -> assertThat(e.subjectId()).isEqualTo(p.id().toString()));
    }

    @Test
    void actionsOnMissingPostsAreNotFoundAndRecordNothing() {
        upload("aiko");
        long before = tanken.activity().count();
        PostId missing = PostId.newId();
        assertThatThrownBy(() -> tanken.like("aiko", missing)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> tanken.comment("aiko", missing, "hi")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tanken.comments(missing, 10, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tanken.delete("aiko", missing)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tanken.deleteComment("aiko", UUID.randomUUID())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tanken.posts("nobody", 10, null)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nobody");
        assertThatThrownBy(() -> tanken.bookmarks("nobody", 10, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tanken.like("not a name", missing)).isInstanceOf(InvalidInputException.class);
        assertThat(tanken.activity().count()).isEqualTo(before);
    }

    @Test
    void commentsAreDeletedOnlyByTheirAuthorOrThePostsAuthor() {
        Post p = upload("aiko");
        Comment byBen = tanken.comment("ben", p.id(), "きれい!");
        Comment byCho = tanken.comment("cho", p.id(), "nice");
        Comment another = tanken.comment("ben", p.id(), "again");
        assertThat(tanken.comments(p.id(), 10, null).items()).containsExactly(byBen, byCho, another);
        assertThat(reload(p).comments()).isEqualTo(3);

        assertThatThrownBy(() -> tanken.deleteComment("cho", byBen.id()))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("only the comment's author (ben) or the post's author (aiko)");
        assertThatThrownBy(() -> tanken.deleteComment("stranger", byBen.id())).isInstanceOf(ForbiddenException.class);
        assertThat(tanken.deleteComment("ben", byBen.id())).isEqualTo(byBen);
        assertThat(tanken.deleteComment("aiko", byCho.id())).isEqualTo(byCho);
        assertThatThrownBy(() -> tanken.deleteComment("ben", byBen.id())).isInstanceOf(NotFoundException.class);
        assertThat(tanken.comments(p.id(), 10, null).items()).containsExactly(another);
        assertThat(reload(p).comments()).isEqualTo(1);

        List<ActivityEntry> deletions = entries(Actions.COMMENT_DELETE);
        assertThat(deletions).extracting(e -> e.payload().get("deletedBy").asText())
                .containsExactly("post-author", "comment-author");
        assertThat(entries(Actions.COMMENT_CREATE)).hasSize(3);
        // The stranger was not created by a failed deletion.
        assertThat(db.findUserByName("stranger")).isEmpty();
    }

    @Test
    void onlyThePostsAuthorDeletesItAndEverythingAttachedGoesWithIt() {
        Post p = upload("aiko");
        tanken.like("ben", p.id());
        tanken.bookmark("ben", p.id());
        tanken.comment("ben", p.id(), "hi");
        String blob = p.picture().blobKey();

        assertThatThrownBy(() -> tanken.delete("ben", p.id()))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("only the post's author (aiko) may delete");
        assertThat(tanken.post(p.id())).isPresent();

        assertThat(p.variants()).as("an uploaded JPEG gets served copies").isNotEmpty();
        Post deleted = tanken.delete("aiko", p.id());
        assertThat(deleted.id()).isEqualTo(p.id());
        assertThat(deleted.likes()).isEqualTo(1);
        assertThat(tanken.post(p.id())).isEmpty();
        assertThat(blobs.exists(blob)).isFalse();
        assertThat(p.blobKeys()).allSatisfy(key -> assertThat(blobs.exists(key)).as(key).isFalse());
        assertThat(tanken.bookmarks("ben", 10, null).items()).isEmpty();
        assertThat(tanken.posts("aiko", 10, null).items()).isEmpty();
        assertThat(db.comments(p.id(), 10, null).items()).isEmpty();
        assertThatThrownBy(() -> tanken.delete("aiko", p.id())).isInstanceOf(NotFoundException.class);

        ActivityEntry entry = entries(Actions.POST_DELETE).get(0);
        assertThat(entry.actor()).isEqualTo("aiko");
        assertThat(entry.payload().get("comments").asInt()).isEqualTo(1);
        // The whole history of the post can be found by its id.
        assertThat(tanken.activity(ActivityQuery.newestFirst(50).withSubject("post", p.id().toString())).items())
                .extracting(ActivityEntry::action)
                .containsExactly(Actions.POST_DELETE, Actions.POST_BOOKMARK, Actions.POST_LIKE, Actions.POST_CREATE);
    }

    @Test
    void aBlobSharedWithAnotherPostOutlivesTheDeletion() throws Exception {
        byte[] photo = TestPhotos.jpeg(35.0, 135.0, 999);
        Post mine = upload("aiko", photo);
        Post theirs = upload("ben", photo);
        assertThat(theirs.picture().blobKey()).isEqualTo(mine.picture().blobKey());
        assertThat(theirs.blobKeys()).isEqualTo(mine.blobKeys());
        tanken.delete("aiko", mine.id());
        assertThat(mine.blobKeys()).allSatisfy(key -> assertThat(blobs.exists(key)).as(key).isTrue());
        try (var in = tanken.openPicture(theirs.id()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(photo);
        }
        tanken.delete("ben", theirs.id());
        assertThat(mine.blobKeys()).allSatisfy(key -> assertThat(blobs.exists(key)).as(key).isFalse());
    }

    @Test
    void tagEditsBelongToTheAuthorAndAreRecordedWithThePreviousTags() {
        Post p = tanken.upload(TestPhotos.jpeg(1, 2, 77), UploadOptions.by("aiko").withTags(List.of("old"))).post();
        assertThatThrownBy(() -> tanken.setTags("ben", p.id(), List.of("spam"))).isInstanceOf(ForbiddenException.class);
        Post edited = tanken.setTags("aiko", p.id(), List.of("#New", "東京"));
        assertThat(edited.tags()).containsExactly("new", "東京");
        ActivityEntry e = entries(Actions.POST_TAGS).get(0);
        assertThat(e.payload().get("previousTags").get(0).asText()).isEqualTo("old");
        assertThat(tanken.activity(ActivityQuery.newestFirst(10).where(PayloadCondition.exists(List.of("previousTags"))))
                .items()).containsExactly(e);
    }

    @Test
    void creatingAUserIsRecordedAndATakenNameIsAConflict() {
        var created = tanken.createUser(dev.tanken.model.User.create("kenji", "kenji@example.jp"));
        assertThat(tanken.user("kenji")).isEqualTo(created);
        assertThatThrownBy(() -> tanken.createUser(dev.tanken.model.User.create("kenji", null)))
                .isInstanceOf(dev.tanken.ConflictException.class);
        assertThat(entries(Actions.USER_CREATE)).singleElement()
                .satisfies(e -> assertThat(e.subjectId()).isEqualTo(created.id().toString()));
    }

    @Test
    void precisionChangesAreRecordedAndListingsShowWhatTheViewerMaySee() {
        tanken.setDefaultLocationPrecision("aiko", dev.tanken.model.LocationPrecision.APPROXIMATE);
        ActivityEntry e = entries(Actions.USER_PRECISION).get(0);
        assertThat(e.payload().get("precision").asText()).isEqualTo("approximate");
        assertThat(e.payload().get("previous").asText()).isEqualTo("exact");

        Post p = upload("aiko");
        assertThat(entries(Actions.POST_CREATE).get(0).payload().get("locationPrecision").asText())
                .isEqualTo("approximate");
        tanken.bookmark("ben", p.id());
        java.util.UUID aiko = tanken.user("aiko").id();
        java.util.UUID ben = tanken.user("ben").id();
        assertThat(tanken.posts("aiko", 10, null, aiko).items().get(0).location()).isEqualTo(p.location());
        assertThat(tanken.posts("aiko", 10, null, ben).items().get(0).location()).isNotEqualTo(p.location())
                .isEqualTo(p.seenBy(ben).location());
        assertThat(tanken.bookmarks("ben", 10, null, null).items().get(0).location()).isEqualTo(p.seenBy(null).location());
    }

    @Test
    void postsAndBookmarksOfAUser() {
        Post first = upload("aiko");
        Post second = upload("aiko");
        upload("ben");
        tanken.bookmark("cho", first.id());
        tanken.bookmark("cho", second.id());
        assertThat(tanken.posts("aiko", 10, null).items()).extracting(Post::id).containsExactly(second.id(), first.id());
        assertThat(tanken.bookmarks("cho", 10, null).items()).extracting(Post::id)
                .containsExactly(second.id(), first.id());
        assertThat(tanken.bookmarks("aiko", 10, null).items()).isEmpty();
    }

    @Test
    void concurrentLikesCountEachUserOnceAndRecordEachLikeOnce() throws Exception {
        Post p = upload("aiko");
        int users = 8;
        for (int i = 0; i < users; i++) {
            tanken.user("fan" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < users * 3; i++) {
                String name = "fan" + (i % users);
                futures.add(pool.submit(() -> {
                    go.await();
                    tanken.like(name, p.id());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(reload(p).likes()).isEqualTo(users);
        assertThat(entries(Actions.POST_LIKE)).hasSize(users);
    }
}
