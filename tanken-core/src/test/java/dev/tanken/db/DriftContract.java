package dev.tanken.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.ClosedException;
import dev.tanken.DuplicatePostException;
import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cases where the backends used to differ, pinned down with exact exception types so that
 * every {@link DatabaseService} (each backend, and the cache tier in front of one) behaves alike:
 * a picture repeated within one batch, username validation, the clock bookmarks are timed by, use
 * after close, and an activity entry for every change and for nothing else.
 */
public abstract class DriftContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final GeoPoint KYOTO = GeoPoint.of(35.0116, 135.7681);

    /** A clock the test moves by hand. */
    protected static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    protected final ManualClock clock = new ManualClock();
    protected DatabaseService db;

    /** A new service over an empty database that takes its times from {@code clock}, used by one test. */
    protected abstract DatabaseService open(Clock clock);

    @BeforeEach
    void openService() {
        db = open(clock);
    }

    @AfterEach
    void closeService() {
        db.close();
    }

    private UserRef user(String name) {
        return db.createUser(User.create(name, null)).ref();
    }

    private static PictureRef picture() {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        String sha = HexFormat.of().formatHex(digest);
        return new PictureRef(sha, "image/jpeg", sha, 640, 480);
    }

    private static Post newPost(UserRef author, PictureRef picture) {
        return Post.create(author, "", picture, KYOTO, null, List.of());
    }

    private static ActivityEntry entry(String action, String subject) {
        return ActivityEntry.now("drift", action, "post", subject, ActivityEntry.newPayload());
    }

    // ---- the same picture twice in one batch

    @Test
    void aPictureRepeatedInOneBatchNamesTheFirstPostOfTheBatchAndStoresNothing() {
        UserRef a = user("aiko");
        PictureRef pic = picture();
        Post first = newPost(a, pic);
        Post again = newPost(a, pic);
        Post other = newPost(a, picture());
        for (List<Write> batch : List.of(
                List.<Write>of(new Write.CreatePost(other), new Write.CreatePost(first), new Write.CreatePost(again)),
                // Not a run of creates: each is applied on its own, and the outcome is the same.
                List.<Write>of(new Write.CreatePost(first), new Write.SetTags(first.id(), List.of("x")),
                        new Write.CreatePost(other), new Write.CreatePost(again)))) {
            assertThatThrownBy(() -> db.applyAll(batch))
                    .isExactlyInstanceOf(DuplicatePostException.class)
                    .hasMessageContaining("same batch")
                    .satisfies(e -> assertThat(((DuplicatePostException) e).existingPostId()).isEqualTo(first.id()));
            assertThat(db.countPosts()).isZero();
            assertThat(db.findPost(first.id())).isEmpty();
        }
    }

    @Test
    void aPictureRepeatedInOneBatchThatIsStoredAlreadyNamesTheStoredPost() {
        UserRef a = user("aiko");
        PictureRef pic = picture();
        Post stored = newPost(a, pic);
        db.createPost(stored);
        Post first = newPost(a, pic);
        Post again = newPost(a, pic);
        assertThatThrownBy(() -> db.applyAll(List.of(new Write.CreatePost(first), new Write.CreatePost(again))))
                .isExactlyInstanceOf(DuplicatePostException.class)
                .satisfies(e -> assertThat(((DuplicatePostException) e).existingPostId()).isEqualTo(stored.id()));
        assertThatThrownBy(() -> db.createPost(first))
                .isExactlyInstanceOf(DuplicatePostException.class)
                .satisfies(e -> assertThat(((DuplicatePostException) e).existingPostId()).isEqualTo(stored.id()));
        assertThat(db.countPosts()).isEqualTo(1);
    }

    // ---- username validation

    @Test
    void findUserByNameValidatesTheName() {
        user("aiko");
        for (String bad : new String[] {null, "", " ", "has space", "a/b", "x".repeat(65)}) {
            assertThatThrownBy(() -> db.findUserByName(bad)).as("'%s'", bad)
                    .isExactlyInstanceOf(InvalidInputException.class);
        }
        assertThat(db.findUserByName("nobody")).isEmpty();
        assertThat(db.findUserByName("aiko")).isPresent();
    }

    // ---- one clock

    @Test
    void bookmarksAreTimedByTheClockTheServiceWasOpenedWith() {
        UserRef a = user("aiko");
        Post early = newPost(a, picture());
        Post late = newPost(a, picture());
        db.createPost(early);
        db.createPost(late);
        // Bookmarked in this order, but the clock says the first bookmark is the more recent one:
        // only a service that takes the time from this clock lists "early" first.
        clock.set(Instant.parse("2031-06-01T12:00:00Z"));
        db.bookmark(early.id(), a.id());
        clock.set(Instant.parse("2020-06-01T12:00:00Z"));
        db.bookmark(late.id(), a.id());
        assertThat(db.bookmarks(a.id(), 10, null).items()).extracting(Post::id).containsExactly(early.id(), late.id());
        // The cursor carries that time too: the second page starts after "early".
        var page = db.bookmarks(a.id(), 1, null);
        assertThat(page.items()).extracting(Post::id).containsExactly(early.id());
        assertThat(db.bookmarks(a.id(), 1, page.nextCursor()).items()).extracting(Post::id).containsExactly(late.id());
    }

    // ---- use after close

    @Test
    void everyCallAfterCloseFailsWithClosedException() {
        UserRef a = user("aiko");
        Post p = newPost(a, picture());
        db.createPost(p);
        db.close();
        db.close(); // idempotent
        List<Consumer<DatabaseService>> calls = List.of(
                s -> s.findUser(a.id()),
                s -> s.findUserByName("aiko"),
                s -> s.findPost(p.id()),
                s -> s.findPosts(List.of(p.id())),
                s -> s.findPostByPicture(a.id(), p.picture().sha256()),
                s -> s.isBlobReferenced(p.picture().blobKey()),
                s -> s.referencedBlobKeys(List.of(p.picture().blobKey())),
                s -> s.postsByUser(a.id(), 10, null),
                s -> s.nearby(KYOTO, 1000, 10, null),
                s -> s.nearby(KYOTO, 1000, 10, null, a.id()),
                s -> s.countPosts(),
                s -> s.placeNames(List.of(p.id())),
                s -> s.findComment(UUID.randomUUID()),
                s -> s.comments(p.id(), 10, null),
                s -> s.bookmarks(a.id(), 10, null),
                s -> s.like(p.id(), a.id()),
                s -> s.createUser(User.create("ben", null)),
                s -> s.apply(new Write.Like(p.id(), a.id())),
                s -> s.applyAll(List.of(new Write.Bookmark(p.id(), a.id()))),
                s -> s.applyAll(List.of()));
        for (int i = 0; i < calls.size(); i++) {
            Consumer<DatabaseService> call = calls.get(i);
            assertThatThrownBy(() -> call.accept(db)).as("call %d", i).isExactlyInstanceOf(ClosedException.class);
        }
    }

    // ---- one entry per change, none for a no-op

    @Test
    void placeNamesReachTheActivityLogOnlyWhenTheyChange() {
        UserRef a = user("aiko");
        Post p = newPost(a, picture());
        db.createPost(p);
        long before = db.activityLog().count();
        ActivityEntry set = entry("post.place", p.id().toString());
        assertThat(db.apply(new Write.SetPlaceName(p.id(), "  Kiyomizu  ", set)).changed()).isTrue();
        assertThat(db.apply(new Write.SetPlaceName(p.id(), "Kiyomizu", entry("post.place", p.id().toString())))
                .changed()).isFalse();
        ActivityEntry cleared = entry("post.place", p.id().toString());
        assertThat(db.apply(new Write.SetPlaceName(p.id(), null, cleared)).changed()).isTrue();
        assertThat(db.apply(new Write.SetPlaceName(p.id(), null, entry("post.place", p.id().toString())))
                .changed()).isFalse();
        assertThat(db.activityLog().count()).isEqualTo(before + 2);
        assertThat(db.activityLog().find(set.id())).contains(set);
        assertThat(db.activityLog().find(cleared.id())).contains(cleared);
    }

    @Test
    void noOpsRecordNothing() {
        UserRef a = user("aiko");
        UserRef b = user("ben");
        Post p = newPost(a, picture());
        db.createPost(p);
        long before = db.activityLog().count();
        String id = p.id().toString();
        List<Write> writes = List.of(
                new Write.Like(p.id(), b.id(), entry("post.like", id)),
                new Write.Like(p.id(), b.id(), entry("post.like", id)),
                new Write.Unbookmark(p.id(), b.id(), entry("post.unbookmark", id)),
                new Write.SetTags(p.id(), List.of("kyoto"), entry("post.tags", id)),
                new Write.SetTags(p.id(), List.of("#Kyoto"), entry("post.tags", id)),
                new Write.SetDefaultPrecision(b.id(), LocationPrecision.EXACT, entry("user.precision", id)),
                new Write.SetDefaultPrecision(b.id(), LocationPrecision.HIDDEN, entry("user.precision", id)),
                new Write.RemoveComment(UUID.randomUUID(), entry("comment.delete", id)),
                new Write.DeletePost(PostId.newId(), entry("post.delete", id)));
        List<Applied> applied = writes.stream().map(db::apply).toList();
        assertThat(applied).extracting(Applied::changed)
                .containsExactly(true, false, false, true, false,
                        User.create("x", null).defaultLocationPrecision() != LocationPrecision.EXACT, true, false, false);
        long changes = applied.stream().filter(Applied::changed).count();
        assertThat(db.activityLog().count()).isEqualTo(before + changes);
        assertThat(db.findPost(p.id()).orElseThrow().likes()).isEqualTo(1);
        Comment c = Comment.create(p.id(), b, "きれい");
        assertThat(db.applyAll(List.of(new Write.AddComment(c, entry("comment.create", id)),
                new Write.RemoveComment(c.id(), entry("comment.delete", id)),
                new Write.RemoveComment(c.id(), entry("comment.delete", id)))))
                .extracting(Applied::changed).containsExactly(true, true, false);
        assertThat(db.activityLog().count()).isEqualTo(before + changes + 2);
    }
}
