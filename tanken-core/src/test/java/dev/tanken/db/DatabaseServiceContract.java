package dev.tanken.db;

import dev.tanken.model.Page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tanken.ClosedException;
import dev.tanken.ConflictException;
import dev.tanken.DuplicatePostException;
import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.db.internal.Cursors;
import dev.tanken.model.LocationGrid;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureRef;
import dev.tanken.model.PictureSize;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.TakenAt;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.model.Validation;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DatabaseService} must have. Each implementation's test class extends
 * this and supplies a fresh, empty service per test; nothing here is mocked.
 */
public abstract class DatabaseServiceContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final GeoPoint TOKYO_STATION = GeoPoint.of(35.681236, 139.767125);

    protected DatabaseService db;

    /** A new service over an empty database, used by exactly one test. */
    protected abstract DatabaseService newService();

    @BeforeEach
    void openService() {
        db = newService();
    }

    @AfterEach
    void closeService() {
        if (db != null) {
            db.close();
        }
    }

    // ---- helpers

    protected UserRef user(String name) {
        return db.createUser(User.create(name, null)).ref();
    }

    protected static PictureRef randomPicture() {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        String sha = HexFormat.of().formatHex(digest);
        return new PictureRef(sha, "image/jpeg", sha, 4032, 3024);
    }

    protected Post post(UserRef author, double lat, double lon) {
        Post p = Post.create(author, "", randomPicture(), GeoPoint.of(lat, lon), null, List.of());
        db.createPost(p);
        return p;
    }

    private static List<PostId> ids(List<NearbyPost> nearby) {
        return nearby.stream().map(n -> n.post().id()).toList();
    }

    // ---- users

    @Nested
    class Users {
        @Test
        void createdUserIsFoundByIdAndName() {
            User u = new User(UUID.randomUUID(), "kenji.s", "kenji@example.jp", "歩く人", "https://example.jp/k.png",
                    "github", java.time.Instant.parse("2024-01-02T03:04:05.123456Z"),
                    java.time.Instant.parse("2024-02-02T03:04:05Z"), true);
            assertThat(db.createUser(u)).isEqualTo(u);
            assertThat(db.findUser(u.id())).contains(u);
            assertThat(db.findUserByName("kenji.s")).contains(u);
        }

        @Test
        void unknownUserIsEmpty() {
            assertThat(db.findUser(UUID.randomUUID())).isEmpty();
            assertThat(db.findUserByName("nobody")).isEmpty();
        }

        @Test
        void aRenamedUserIsFoundByTheNewNameAndTheirPostsAndCommentsShowIt() {
            UserRef aiko = user("aiko");
            UserRef ben = user("ben");
            Post mine = post(aiko, 35.0, 135.0);
            Post theirs = post(ben, 35.0, 135.001);
            db.addComment(Comment.create(theirs.id(), aiko, "nice"));
            assertThat(db.findPost(mine.id()).orElseThrow().author().username()).isEqualTo("aiko"); // cached, if any

            db.renameUser(aiko.id(), "aiko.k");
            assertThat(db.findUserByName("aiko")).isEmpty();
            assertThat(db.findUserByName("aiko.k").orElseThrow().id()).isEqualTo(aiko.id());
            assertThat(db.findUser(aiko.id()).orElseThrow().username()).isEqualTo("aiko.k");
            assertThat(db.findPost(mine.id()).orElseThrow().author()).isEqualTo(new UserRef(aiko.id(), "aiko.k"));
            assertThat(db.comments(theirs.id(), 10, null).items()).singleElement()
                    .satisfies(c -> assertThat(c.author().username()).isEqualTo("aiko.k"));
            assertThat(db.nearby(GeoPoint.of(35.0, 135.0), 1_000, 10, null).items())
                    .extracting(n -> n.post().author().username()).containsExactlyInAnyOrder("aiko.k", "ben");

            assertThatThrownBy(() -> db.renameUser(aiko.id(), "ben")).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("'ben'");
            UUID ghost = UUID.randomUUID();
            assertThatThrownBy(() -> db.renameUser(ghost, "ghost")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(ghost.toString());
            assertThatThrownBy(() -> db.renameUser(aiko.id(), "two words")).isInstanceOf(InvalidInputException.class);
            assertThat(db.renameUser(aiko.id(), "aiko.k")).isFalse();
            assertThat(db.findUser(ben.id()).orElseThrow().username()).isEqualTo("ben");
            user("aiko"); // the old name is free again
        }

        @Test
        void deletingAUserRemovesWhatIsTheirsAndCorrectsOthersCounters() {
            UserRef aiko = user("aiko");
            UserRef ben = user("ben");
            UserRef chen = user("chen");
            Post mine = post(aiko, 35.0, 135.0);
            Post theirs = post(ben, 35.0, 135.001);
            db.setPlaceName(mine.id(), "Home");
            db.like(mine.id(), ben.id());
            db.bookmark(mine.id(), ben.id());
            db.addComment(Comment.create(mine.id(), ben, "on aiko's"));
            db.like(theirs.id(), aiko.id());
            db.bookmark(theirs.id(), aiko.id());
            db.addComment(Comment.create(theirs.id(), aiko, "one"));
            db.addComment(Comment.create(theirs.id(), aiko, "two"));
            Comment kept = Comment.create(theirs.id(), chen, "three");
            db.addComment(kept);
            db.like(theirs.id(), chen.id());
            db.like(mine.id(), chen.id());
            assertThat(db.findPost(theirs.id()).orElseThrow().likes()).isEqualTo(2); // cached, if any

            UserRemoval removal = db.deleteUser(aiko.id()).orElseThrow();
            assertThat(removal.user().id()).isEqualTo(aiko.id());
            assertThat(removal.posts()).extracting(Post::id).containsExactly(mine.id());
            assertThat(removal.recounted()).containsExactly(theirs.id());
            assertThat(List.of(removal.likes(), removal.bookmarks(), removal.comments())).containsExactly(1L, 1L, 2L);

            assertThat(db.findUser(aiko.id())).isEmpty();
            assertThat(db.findUserByName("aiko")).isEmpty();
            assertThat(db.findPost(mine.id())).isEmpty();
            assertThat(db.placeNames(List.of(mine.id()))).isEmpty();
            assertThat(db.postsByUser(aiko.id(), 10, null).items()).isEmpty();
            Post after = db.findPost(theirs.id()).orElseThrow();
            assertThat(List.of(after.likes(), after.bookmarks(), after.comments())).containsExactly(1L, 0L, 1L);
            assertThat(db.comments(theirs.id(), 10, null).items()).extracting(Comment::id).containsExactly(kept.id());
            assertThat(db.bookmarks(ben.id(), 10, null).items()).isEmpty();
            assertThat(db.nearby(GeoPoint.of(35.0, 135.0), 1_000, 10, null).items())
                    .extracting(n -> n.post().id()).containsExactly(theirs.id());
            assertThat(db.isBlobReferenced(mine.picture().blobKey())).isFalse();
            assertThat(db.findUser(ben.id())).isPresent();
            assertThat(db.deleteUser(aiko.id())).isEmpty();
            user("aiko"); // the name is free again
        }

        @Test
        void usernameIsUnique() {
            user("aiko");
            assertThatThrownBy(() -> db.createUser(User.create("aiko", null)))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("aiko");
        }
    }

    // ---- posts

    @Nested
    class Posts {
        @Test
        void theCaptionIsReplacedAsAnUploadChecksIt() {
            UserRef a = user("aiko");
            Post p = post(a, 35.0, 135.0);
            String decomposed = "Cafe\u0301 東京駅 🌃\r\nline two\tend";
            db.setCaption(p.id(), decomposed);
            Post captioned = db.findPost(p.id()).orElseThrow();
            assertThat(captioned.caption()).isEqualTo("Café 東京駅 🌃\nline two\tend");
            assertThat(captioned).isEqualTo(p.withCaption("Café 東京駅 🌃\nline two\tend"));

            assertThatThrownBy(() -> db.setCaption(p.id(), "bell\u0007")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("U+0007");
            assertThatThrownBy(() -> db.setCaption(p.id(), "x".repeat(Validation.MAX_CAPTION_LENGTH + 1)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than");
            PostId ghost = PostId.newId();
            assertThatThrownBy(() -> db.setCaption(ghost, "hello")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(ghost.toString());
            assertThat(db.findPost(p.id()).orElseThrow()).isEqualTo(captioned);

            db.setCaption(p.id(), "😀".repeat(Validation.MAX_CAPTION_LENGTH)); // characters, not UTF-16 units
            assertThat(db.findPost(p.id()).orElseThrow().caption()).hasSize(2 * Validation.MAX_CAPTION_LENGTH);
            db.setCaption(p.id(), "   ");
            assertThat(db.findPost(p.id()).orElseThrow()).isEqualTo(p);
            assertThat(db.setCaption(p.id(), null)).isFalse();
        }

        @Test
        void postRoundTripsEveryField() {
            UserRef a = user("aiko");
            Post p = new Post(PostId.newId(), java.time.Instant.now(), a, "東京駅の夜 🌃 — café",
                    randomPicture(), new GeoPoint(35.681236, 139.767125, 41.5),
                    new TakenAt(LocalDateTime.of(2024, 5, 1, 21, 15, 30), ZoneOffset.ofHours(9)), 0, 0, 0,
                    List.of("東京", "night", "Café"));
            db.createPost(p);
            assertThat(db.findPost(p.id())).contains(p);
            assertThat(p.tags()).containsExactly("café", "night", "東京");
        }

        @Test
        void takenAtWithoutOffsetAndNoAltitudeRoundTrip() {
            UserRef a = user("aiko");
            Post p = Post.create(a, null, randomPicture(), GeoPoint.of(-33.8568, 151.2153),
                    TakenAt.local(LocalDateTime.of(2023, 12, 31, 23, 59, 59)), List.of());
            db.createPost(p);
            Post read = db.findPost(p.id()).orElseThrow();
            assertThat(read).isEqualTo(p);
            assertThat(read.takenAt().offset()).isNull();
            assertThat(read.location().altitude()).isNull();
        }

        @Test
        void unknownPostIsEmpty() {
            assertThat(db.findPost(PostId.newId())).isEmpty();
        }

        @Test
        void postOfUnknownAuthorIsRejected() {
            UserRef ghost = new UserRef(UUID.randomUUID(), "ghost");
            Post p = Post.create(ghost, "", randomPicture(), TOKYO_STATION, null, List.of());
            assertThatThrownBy(() -> db.createPost(p)).isInstanceOf(NotFoundException.class);
            assertThat(db.countPosts()).isZero();
        }

        @Test
        void samePictureBySameAuthorIsADuplicateNamingTheFirstPost() {
            UserRef a = user("aiko");
            PictureRef pic = randomPicture();
            Post first = Post.create(a, "", pic, TOKYO_STATION, null, List.of());
            db.createPost(first);
            Post again = Post.create(a, "again", pic, TOKYO_STATION, null, List.of());
            assertThatThrownBy(() -> db.createPost(again))
                    .isInstanceOfSatisfying(DuplicatePostException.class,
                            e -> assertThat(e.existingPostId()).isEqualTo(first.id()));
            assertThat(db.countPosts()).isEqualTo(1);
            assertThat(db.findPostByPicture(a.id(), pic.sha256())).contains(first.id());
        }

        @Test
        void samePictureByAnotherAuthorIsAllowed() {
            PictureRef pic = randomPicture();
            db.createPost(Post.create(user("aiko"), "", pic, TOKYO_STATION, null, List.of()));
            db.createPost(Post.create(user("ben"), "", pic, TOKYO_STATION, null, List.of()));
            assertThat(db.countPosts()).isEqualTo(2);
            assertThat(db.isBlobReferenced(pic.blobKey())).isTrue();
        }

        @Test
        void postIdsStartingWithAPrefixAreARangeInIdOrder() {
            UserRef a = user("aiko");
            List<String> ids = List.of("0190aaaa-1111-7000-8000-000000000001", "0190aaaa-1111-7000-8000-000000000002",
                    "0190aaaa-2222-7000-8000-000000000000", "0190aaab-0000-7000-8000-000000000000",
                    "f190aaaa-1111-7000-8000-000000000000", "ffffffff-ffff-7fff-bfff-ffffffffffff");
            for (String id : ids) {
                db.createPost(new Post(new PostId(UUID.fromString(id)), java.time.Instant.now(), a, "", randomPicture(),
                        TOKYO_STATION, null, 0, 0, 0, List.of()));
            }
            assertThat(db.postIdsStartingWith("0190aaaa", 10)).extracting(PostId::toString)
                    .containsExactly(ids.get(0), ids.get(1), ids.get(2));
            assertThat(db.postIdsStartingWith("0190AAAA1111", 10)).extracting(PostId::toString)
                    .containsExactly(ids.get(0), ids.get(1));
            assertThat(db.postIdsStartingWith("0190aaaa-1111-7000-8000-00000000000", 1)).extracting(PostId::toString)
                    .containsExactly(ids.get(0));
            assertThat(db.postIdsStartingWith("0190", 10)).hasSize(4);
            assertThat(db.postIdsStartingWith("f", 10)).extracting(PostId::toString)
                    .containsExactly(ids.get(4), ids.get(5));
            assertThat(db.postIdsStartingWith(ids.get(5), 10)).extracting(PostId::toString).containsExactly(ids.get(5));
            assertThat(db.postIdsStartingWith("0191", 10)).isEmpty();
            assertThat(db.postIdsStartingWith("0190", 0)).isEmpty();
            assertThatThrownBy(() -> db.postIdsStartingWith("019g", 10)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'019g'");
            assertThatThrownBy(() -> db.postIdsStartingWith("0190a-aaa", 10)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.postIdsStartingWith(ids.get(0) + "0", 10))
                    .isInstanceOf(InvalidInputException.class);
        }

        @Test
        void findPostsKeepsRequestOrderAndDropsMissingAndRepeatedIds() {
            UserRef a = user("aiko");
            Post p1 = post(a, 1, 1);
            Post p2 = post(a, 2, 2);
            Post p3 = post(a, 3, 3);
            db.like(p2.id(), a.id());
            List<Post> found = db.findPosts(List.of(p3.id(), PostId.newId(), p1.id(), p3.id(), p2.id()));
            assertThat(found).extracting(Post::id).containsExactly(p3.id(), p1.id(), p2.id());
            assertThat(found.get(2).likes()).isEqualTo(1);
            assertThat(db.findPosts(List.of())).isEmpty();
        }

        @Test
        void postsByUserAreNewestFirstAndPaginateWithoutRepeatsOrGaps() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            List<PostId> expected = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                expected.add(post(a, 10 + i * 0.01, 20).id());
                post(b, 10, 20 + i * 0.01);
            }
            expected.sort(Comparator.reverseOrder());
            List<PostId> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Page<Post> page = db.postsByUser(a.id(), 5, cursor);
                page.items().forEach(p -> assertThat(p.author()).isEqualTo(a));
                seen.addAll(page.items().stream().map(Post::id).toList());
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 100);
            assertThat(seen).containsExactlyElementsOf(expected);
        }

        @Test
        void postsByUserOfUserWithoutPostsIsEmpty() {
            assertThat(db.postsByUser(user("aiko").id(), 10, null).items()).isEmpty();
        }

        @Test
        void tagsAreReplacedAndUnicodeSurvives() {
            UserRef a = user("aiko");
            Post p = post(a, 0.5, 0.5);
            db.setTags(p.id(), List.of("#Sakura", "桜", "ramen", "sakura"));
            assertThat(db.findPost(p.id()).orElseThrow().tags()).containsExactly("ramen", "sakura", "桜");
            db.setTags(p.id(), List.of());
            assertThat(db.findPost(p.id()).orElseThrow().tags()).isEmpty();
            assertThatThrownBy(() -> db.setTags(PostId.newId(), List.of("x"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> db.setTags(p.id(), List.of("two words"))).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void deletePostRemovesItsSocialStateAndFreesItsBlob() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            Post p = Post.create(a, "bye", randomPicture(), TOKYO_STATION, null, List.of("tag"));
            db.createPost(p);
            db.like(p.id(), b.id());
            db.bookmark(p.id(), b.id());
            Comment c = Comment.create(p.id(), b, "nice");
            db.addComment(c);

            Post deleted = db.deletePost(p.id()).orElseThrow();
            assertThat(deleted.id()).isEqualTo(p.id());
            assertThat(deleted.likes()).isEqualTo(1);
            assertThat(db.findPost(p.id())).isEmpty();
            assertThat(db.findComment(c.id())).isEmpty();
            assertThat(db.isBlobReferenced(p.picture().blobKey())).isFalse();
            assertThat(db.nearby(TOKYO_STATION, 1000, 10, null).items()).isEmpty();
            assertThat(db.deletePost(p.id())).isEmpty();
            assertThat(db.countPosts()).isZero();
        }
    }

    // ---- nearby

    @Nested
    class Nearby {
        @Test
        void emptyDatabaseFindsNothing() {
            Page<NearbyPost> page = db.nearby(TOKYO_STATION, 5000, 10, null);
            assertThat(page.items()).isEmpty();
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        void ordersByGreatCircleDistanceAndReportsIt() {
            UserRef a = user("aiko");
            Post far = post(a, 35.7148, 139.7967);     // Asakusa, ~4.6 km
            Post near = post(a, 35.6830, 139.7670);    // ~200 m
            Post mid = post(a, 35.6586, 139.7454);     // Tokyo Tower, ~3.2 km
            post(a, 34.9858, 135.7588);                // Kyoto: out of range
            List<NearbyPost> found = db.nearby(TOKYO_STATION, 10_000, 10, null).items();
            assertThat(ids(found)).containsExactly(near.id(), mid.id(), far.id());
            for (NearbyPost n : found) {
                assertThat(n.distanceMeters()).isCloseTo(
                        SphericalGeometry.distanceMeters(TOKYO_STATION, n.post().location()), within(0.01));
            }
            assertThat(found.get(0).post()).isEqualTo(db.findPost(near.id()).orElseThrow());
        }

        @Test
        void radiusBoundsTheResult() {
            UserRef a = user("aiko");
            Post inside = post(a, 35.6830, 139.7670);
            post(a, 35.7148, 139.7967);
            assertThat(ids(db.nearby(TOKYO_STATION, 1000, 10, null).items())).containsExactly(inside.id());
        }

        @Test
        void crossesTheAntimeridian() {
            UserRef a = user("aiko");
            Post east = post(a, 0.0, 179.99);
            Post west = post(a, 0.0, -179.995);
            post(a, 0.0, 179.0); // ~110 km away
            List<NearbyPost> found = db.nearby(GeoPoint.of(0.0, -179.99), 5000, 10, null).items();
            assertThat(ids(found)).containsExactly(west.id(), east.id());
            assertThat(found.get(1).distanceMeters()).isCloseTo(2223.9, within(1.0));
        }

        @Test
        void worksNearThePoles() {
            UserRef a = user("aiko");
            Post p1 = post(a, 89.999, 0);
            Post p2 = post(a, 89.999, 180);
            Post p3 = post(a, -89.9995, 45);
            GeoPoint northPole = GeoPoint.of(90, 0);
            List<NearbyPost> found = db.nearby(northPole, 200, 10, null).items();
            assertThat(ids(found)).containsExactlyInAnyOrder(p1.id(), p2.id());
            found.forEach(n -> assertThat(n.distanceMeters()).isCloseTo(111.2, within(0.5)));
            assertThat(ids(db.nearby(GeoPoint.of(-90, 170), 100, 10, null).items())).containsExactly(p3.id());
        }

        @Test
        void radiusZeroFindsOnlyPostsAtThatExactPoint() {
            UserRef a = user("aiko");
            Post here = post(a, 35.681236, 139.767125);
            post(a, 35.681237, 139.767125);
            List<NearbyPost> found = db.nearby(TOKYO_STATION, 0, 10, null).items();
            assertThat(ids(found)).containsExactly(here.id());
            assertThat(found.get(0).distanceMeters()).isEqualTo(0.0);
        }

        @Test
        void limitZeroReturnsAnEmptyLastPage() {
            post(user("aiko"), 35.6830, 139.7670);
            Page<NearbyPost> page = db.nearby(TOKYO_STATION, 1000, 0, null);
            assertThat(page.items()).isEmpty();
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        void paginationNeitherRepeatsNorSkipsEvenWithTies() {
            UserRef a = user("aiko");
            List<Post> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(post(a, 35.68 + (i % 8) * 0.001, 139.76 + (i / 8) * 0.001));
            }
            for (int i = 0; i < 17; i++) { // ties: many posts at one point
                all.add(post(a, 35.6812, 139.7671));
            }
            List<PostId> expected = db.nearby(TOKYO_STATION, 5000, 1000, null).items().stream()
                    .map(n -> n.post().id()).toList();
            assertThat(expected).hasSize(all.size());

            List<NearbyPost> paged = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Page<NearbyPost> page = db.nearby(TOKYO_STATION, 5000, 7, cursor);
                assertThat(page.items().size()).isLessThanOrEqualTo(7);
                paged.addAll(page.items());
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 100);
            assertThat(ids(paged)).containsExactlyElementsOf(expected);
            assertThat(new HashSet<>(ids(paged))).hasSize(all.size());
            for (int i = 1; i < paged.size(); i++) {
                assertThat(paged.get(i).distanceMeters()).isGreaterThanOrEqualTo(paged.get(i - 1).distanceMeters());
            }
        }

        @Test
        void limitCapsThePageAndOffersACursor() {
            UserRef a = user("aiko");
            for (int i = 0; i < 5; i++) {
                post(a, 35.6812 + i * 0.0001, 139.7671);
            }
            Page<NearbyPost> page = db.nearby(TOKYO_STATION, 1000, 3, null);
            assertThat(page.items()).hasSize(3);
            assertThat(page.nextCursor()).isNotNull();
            Page<NearbyPost> rest = db.nearby(TOKYO_STATION, 1000, 3, page.nextCursor());
            assertThat(rest.items()).hasSize(2);
        }

        @Test
        void rejectsBadArguments() {
            assertThatThrownBy(() -> db.nearby(TOKYO_STATION, -1, 10, null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.nearby(TOKYO_STATION, Double.NaN, 10, null))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.nearby(TOKYO_STATION, 1000, -1, null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.nearby(TOKYO_STATION, 1000, DatabaseService.MAX_LIMIT + 1, null))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.nearby(TOKYO_STATION, 1000, 10, "not-a-cursor"))
                    .isInstanceOf(InvalidInputException.class);
            String userCursor = dev.tanken.db.internal.Cursors.afterId(UUID.randomUUID());
            assertThatThrownBy(() -> db.nearby(TOKYO_STATION, 1000, 10, userCursor))
                    .isInstanceOf(InvalidInputException.class);
        }

        @Test
        void nearbyCarriesCountsAndTags() {
            UserRef a = user("aiko");
            Post p = Post.create(a, "ラーメン", randomPicture(), TOKYO_STATION, null, List.of("food", "東京"));
            db.createPost(p);
            db.like(p.id(), user("ben").id());
            Post found = db.nearby(TOKYO_STATION, 10, 1, null).items().get(0).post();
            assertThat(found.likes()).isEqualTo(1);
            assertThat(found.tags()).containsExactly("food", "東京");
            assertThat(found.caption()).isEqualTo("ラーメン");
        }
    }

    // ---- social

    @Nested
    class Social {
        @Test
        void likingTwiceCountsOnce() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            Post p = post(a, 1, 1);
            assertThat(db.like(p.id(), b.id())).isTrue();
            assertThat(db.like(p.id(), b.id())).isFalse();
            assertThat(db.like(p.id(), a.id())).isTrue();
            assertThat(db.findPost(p.id()).orElseThrow().likes()).isEqualTo(2);
            assertThat(db.unlike(p.id(), b.id())).isTrue();
            assertThat(db.unlike(p.id(), b.id())).isFalse();
            assertThat(db.findPost(p.id()).orElseThrow().likes()).isEqualTo(1);
        }

        @Test
        void bookmarkingTwiceCountsOnce() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            assertThat(db.bookmark(p.id(), a.id())).isTrue();
            assertThat(db.bookmark(p.id(), a.id())).isFalse();
            assertThat(db.findPost(p.id()).orElseThrow().bookmarks()).isEqualTo(1);
            assertThat(db.unbookmark(p.id(), a.id())).isTrue();
            assertThat(db.unbookmark(p.id(), a.id())).isFalse();
            assertThat(db.findPost(p.id()).orElseThrow().bookmarks()).isZero();
        }

        @Test
        void socialActionsOnMissingPostsOrUsersAreNotFound() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            assertThatThrownBy(() -> db.like(PostId.newId(), a.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> db.like(p.id(), UUID.randomUUID())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> db.bookmark(PostId.newId(), a.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> db.addComment(Comment.create(PostId.newId(), a, "hi")))
                    .isInstanceOf(NotFoundException.class);
            assertThat(db.findPost(p.id()).orElseThrow().likes()).isZero();
        }

        @Test
        void undoingOnMissingPostsOrUsersIsNotFoundEither() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            assertThatThrownBy(() -> db.unlike(PostId.newId(), a.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> db.unlike(p.id(), UUID.randomUUID())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> db.unbookmark(PostId.newId(), a.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> db.unbookmark(p.id(), UUID.randomUUID())).isInstanceOf(NotFoundException.class);
            assertThat(db.unlike(p.id(), a.id())).isFalse();
        }

        @Test
        void listingsOfUnknownUsersAndPostsAreEmpty() {
            assertThat(db.postsByUser(UUID.randomUUID(), 10, null).items()).isEmpty();
            assertThat(db.comments(PostId.newId(), 10, null).items()).isEmpty();
        }

        @Test
        void batchCreateIsAllOrNothing() {
            UserRef a = user("aiko");
            PictureRef shared = randomPicture();
            List<Post> batch = List.of(
                    Post.create(a, "one", randomPicture(), TOKYO_STATION, null, List.of("x")),
                    Post.create(a, "two", shared, TOKYO_STATION, null, List.of()),
                    Post.create(a, "three", shared, TOKYO_STATION, null, List.of()));
            assertThatThrownBy(() -> db.applyAll(Changes.creates(batch))).isInstanceOf(ConflictException.class);
            assertThat(db.countPosts()).isZero();

            List<Post> good = List.of(Post.create(a, "one", randomPicture(), TOKYO_STATION, null, List.of("x")),
                    Post.create(a, "two", randomPicture(), TOKYO_STATION, null, List.of()));
            db.applyAll(Changes.creates(good));
            assertThat(db.findPosts(good.stream().map(Post::id).toList())).containsExactlyElementsOf(good);
        }

        @Test
        void commentsAreCountedListedOldestFirstAndRemoved() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            Post p = post(a, 1, 1);
            List<Comment> written = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Comment c = Comment.create(p.id(), i % 2 == 0 ? a : b, "comment " + i + " 👍");
                db.addComment(c);
                written.add(c);
            }
            assertThat(db.findPost(p.id()).orElseThrow().comments()).isEqualTo(12);
            assertThat(db.findComment(written.get(3).id())).contains(written.get(3));

            List<Comment> read = new ArrayList<>();
            String cursor = null;
            do {
                Page<Comment> page = db.comments(p.id(), 5, cursor);
                read.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null && read.size() <= 12);
            assertThat(read).containsExactlyElementsOf(written);

            assertThat(db.removeComment(written.get(0).id())).isTrue();
            assertThat(db.removeComment(written.get(0).id())).isFalse();
            assertThat(db.findPost(p.id()).orElseThrow().comments()).isEqualTo(11);
        }

        @Test
        void countersStayExactUnderConcurrentLikesAndUnlikes() throws Exception {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            List<UUID> users = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                users.add(user("u" + i).id());
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                // Every user likes 10 times, and the even ones also unlike 5 times, in racing threads.
                for (UUID u : users) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 10; i++) {
                            db.like(p.id(), u);
                            db.bookmark(p.id(), u);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
                futures.clear();
                CountDownLatch start2 = new CountDownLatch(1);
                for (int i = 0; i < users.size(); i += 2) {
                    UUID u = users.get(i);
                    futures.add(pool.submit(() -> {
                        start2.await();
                        for (int k = 0; k < 5; k++) {
                            db.unlike(p.id(), u);
                            db.like(p.id(), u);
                            db.unlike(p.id(), u);
                        }
                        return null;
                    }));
                }
                start2.countDown();
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Post after = db.findPost(p.id()).orElseThrow();
            assertThat(after.likes()).isEqualTo(6);
            assertThat(after.bookmarks()).isEqualTo(12);
        }

        @Test
        void countPostsCountsEveryAuthor() {
            post(user("aiko"), 1, 1);
            post(user("ben"), 2, 2);
            assertThat(db.countPosts()).isEqualTo(2);
        }
    }

    // ---- place names

    @Nested
    class PlaceNames {
        @Test
        void setReplaceAndClearAPostsPlaceName() {
            UserRef a = user("aiko");
            Post p = post(a, 35.68, 139.76);
            Post other = post(a, 35.69, 139.70);
            assertThat(db.placeNames(List.of(p.id(), other.id()))).isEmpty();

            db.setPlaceName(p.id(), "  Marunouchi 丸の内 ");
            assertThat(db.placeNames(List.of(p.id(), other.id(), PostId.newId()))).containsExactly(
                    java.util.Map.entry(p.id(), "Marunouchi 丸の内"));
            db.setPlaceName(p.id(), "Tokyo Station");
            db.setPlaceName(other.id(), "Shinjuku");
            assertThat(db.placeNames(List.of(p.id(), other.id(), p.id()))).containsOnly(
                    java.util.Map.entry(p.id(), "Tokyo Station"), java.util.Map.entry(other.id(), "Shinjuku"));

            db.setPlaceName(p.id(), null);
            assertThat(db.placeNames(List.of(p.id(), other.id()))).containsOnlyKeys(other.id());
            assertThat(db.placeNames(List.of())).isEmpty();
        }

        @Test
        void badNamesAndUnknownPostsAreRejectedWithoutAChange() {
            Post p = post(user("aiko"), 0, 0);
            db.setPlaceName(p.id(), "Null Island");
            assertThatThrownBy(() -> db.setPlaceName(PostId.newId(), "x")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> db.setPlaceName(p.id(), "   ")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.setPlaceName(p.id(), "two\nlines")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.setPlaceName(p.id(), "x".repeat(101))).isInstanceOf(InvalidInputException.class);
            db.setPlaceName(p.id(), "😀".repeat(100)); // 100 characters, 200 UTF-16 units
            assertThat(db.placeNames(List.of(p.id())).get(p.id())).hasSize(200);
        }

        @Test
        void deletingThePostDeletesItsPlaceName() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            db.setPlaceName(p.id(), "Somewhere");
            db.deletePost(p.id());
            assertThat(db.placeNames(List.of(p.id()))).isEmpty();
            assertThatThrownBy(() -> db.setPlaceName(p.id(), "Again")).isInstanceOf(NotFoundException.class);
        }
    }

    // ---- bookmarks

    @Nested
    class Bookmarks {
        @Test
        void aUsersBookmarksAreMostRecentFirstAndPaginate() throws Exception {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            List<Post> posts = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                posts.add(post(a, i, i));
            }
            // Bookmarked in an order unrelated to the posts' own order.
            List<Post> order = List.of(posts.get(3), posts.get(0), posts.get(6), posts.get(1), posts.get(5));
            for (Post p : order) {
                db.bookmark(p.id(), b.id());
                Thread.sleep(2);
            }
            db.bookmark(posts.get(2).id(), a.id());
            List<Post> expected = new ArrayList<>(order);
            java.util.Collections.reverse(expected);

            List<PostId> read = new ArrayList<>();
            String cursor = null;
            do {
                Page<Post> page = db.bookmarks(b.id(), 2, cursor);
                page.items().forEach(p -> read.add(p.id()));
                cursor = page.nextCursor();
            } while (cursor != null && read.size() <= 5);
            assertThat(read).containsExactlyElementsOf(expected.stream().map(Post::id).toList());
            assertThat(db.bookmarks(b.id(), 10, null).items().get(0).bookmarks()).isEqualTo(1);

            db.unbookmark(posts.get(6).id(), b.id());
            db.deletePost(posts.get(0).id());
            assertThat(db.bookmarks(b.id(), 10, null).items()).extracting(Post::id)
                    .containsExactly(posts.get(5).id(), posts.get(1).id(), posts.get(3).id());
            assertThat(db.bookmarks(a.id(), 10, null).items()).extracting(Post::id).containsExactly(posts.get(2).id());
        }

        @Test
        void bookmarksOfAnUnknownUserAreEmptyAndBadArgumentsAreRefused() {
            assertThat(db.bookmarks(UUID.randomUUID(), 10, null).items()).isEmpty();
            assertThat(db.bookmarks(UUID.randomUUID(), 0, null).items()).isEmpty();
            assertThatThrownBy(() -> db.bookmarks(null, 10, null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.bookmarks(UUID.randomUUID(), 1001, null))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.bookmarks(UUID.randomUUID(), 10, Cursors.afterId(UUID.randomUUID())))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
        }
    }

    // ---- recording: actions and their activity entries commit together

    @Nested
    class Recording {
        private ActivityEntry entry(String action, String subject) {
            return ActivityEntry.now("aiko", action, "post", subject, ActivityEntry.newPayload().put("k", "v"));
        }

        private boolean logged(ActivityEntry e) {
            return db.activityLog().find(e.id()).isPresent();
        }

        @Test
        void reactionsRecordTheirEntryOnlyWhenTheyChangeSomething() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            ActivityEntry like = entry("post.like", p.id().toString());
            ActivityEntry again = entry("post.like", p.id().toString());
            assertThat(db.apply(new Write.Like(p.id(), a.id(), like)).changed()).isTrue();
            assertThat(db.apply(new Write.Like(p.id(), a.id(), again)).changed()).isFalse();
            assertThat(logged(like)).isTrue();
            assertThat(logged(again)).isFalse();

            ActivityEntry unlike = entry("post.unlike", p.id().toString());
            ActivityEntry unlikeAgain = entry("post.unlike", p.id().toString());
            assertThat(db.apply(new Write.Unlike(p.id(), a.id(), unlike)).changed()).isTrue();
            assertThat(db.apply(new Write.Unlike(p.id(), a.id(), unlikeAgain)).changed()).isFalse();
            assertThat(logged(unlike)).isTrue();
            assertThat(logged(unlikeAgain)).isFalse();

            ActivityEntry bookmark = entry("post.bookmark", p.id().toString());
            ActivityEntry unbookmark = entry("post.unbookmark", p.id().toString());
            assertThat(db.apply(new Write.Bookmark(p.id(), a.id(), bookmark)).changed()).isTrue();
            assertThat(db.apply(new Write.Unbookmark(p.id(), a.id(), unbookmark)).changed()).isTrue();
            assertThat(logged(bookmark)).isTrue();
            assertThat(logged(unbookmark)).isTrue();
            assertThat(db.activityLog().find(like.id())).contains(like);
        }

        @Test
        void everyRecordingOverloadWritesItsEntry() {
            ActivityEntry userEntry = entry("user.create", "u");
            UserRef a = Changes.user(db.apply(new Write.CreateUser(User.create("aiko", null), userEntry))).ref();
            Post p = Post.create(a, "", randomPicture(), TOKYO_STATION, null, List.of());
            ActivityEntry postEntry = entry("post.create", p.id().toString());
            db.apply(new Write.CreatePost(p, postEntry));
            ActivityEntry tagsEntry = entry("post.tags", p.id().toString());
            db.apply(new Write.SetTags(p.id(), List.of("x"), tagsEntry));
            Comment c = Comment.create(p.id(), a, "hi");
            ActivityEntry commentEntry = entry("comment.create", c.id().toString());
            db.apply(new Write.AddComment(c, commentEntry));
            ActivityEntry uncommentEntry = entry("comment.delete", c.id().toString());
            ActivityEntry uncommentAgain = entry("comment.delete", c.id().toString());
            assertThat(db.apply(new Write.RemoveComment(c.id(), uncommentEntry)).changed()).isTrue();
            assertThat(db.apply(new Write.RemoveComment(c.id(), uncommentAgain)).changed()).isFalse();
            ActivityEntry deleteEntry = entry("post.delete", p.id().toString());
            ActivityEntry deleteAgain = entry("post.delete", p.id().toString());
            assertThat(db.apply(new Write.DeletePost(p.id(), deleteEntry)).deleted()).isPresent();
            assertThat(db.apply(new Write.DeletePost(p.id(), deleteAgain)).deleted()).isEmpty();
            ActivityEntry precisionEntry = entry("user.precision", a.id().toString());
            db.apply(new Write.SetDefaultPrecision(a.id(), LocationPrecision.HIDDEN, precisionEntry));
            ActivityEntry unknownUser = entry("user.precision", "ghost");
            assertThatThrownBy(() -> db.apply(new Write.SetDefaultPrecision(UUID.randomUUID(), LocationPrecision.HIDDEN, unknownUser))).isInstanceOf(NotFoundException.class);

            for (ActivityEntry e : List.of(userEntry, postEntry, tagsEntry, commentEntry, uncommentEntry, deleteEntry,
                    precisionEntry)) {
                assertThat(logged(e)).as(e.action()).isTrue();
            }
            assertThat(logged(uncommentAgain)).isFalse();
            assertThat(logged(deleteAgain)).isFalse();
            assertThat(logged(unknownUser)).isFalse();
            assertThat(db.findUser(a.id()).orElseThrow().defaultLocationPrecision()).isEqualTo(LocationPrecision.HIDDEN);
            assertThat(db.activityLog().count()).isEqualTo(7);
        }

        @Test
        void aPrecisionChangeRecordsItsEntryOnlyWhenThePrecisionChanged() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            ActivityEntry hide = entry("post.precision", p.id().toString());
            ActivityEntry hideAgain = entry("post.precision", p.id().toString());
            ActivityEntry ghost = entry("post.precision", "ghost");
            db.apply(new Write.SetPostPrecision(p.id(), LocationPrecision.HIDDEN, hide));
            db.apply(new Write.SetPostPrecision(p.id(), LocationPrecision.HIDDEN, hideAgain));
            assertThatThrownBy(() -> db.apply(new Write.SetPostPrecision(PostId.newId(), LocationPrecision.EXACT, ghost)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(logged(hide)).isTrue();
            assertThat(logged(hideAgain)).isFalse();
            assertThat(logged(ghost)).isFalse();
            assertThat(db.findPost(p.id()).orElseThrow().locationPrecision()).isEqualTo(LocationPrecision.HIDDEN);
        }

        @Test
        void aCaptionChangeRecordsItsEntryOnlyWhenTheCaptionChanged() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            ActivityEntry set = entry("post.caption", p.id().toString());
            ActivityEntry same = entry("post.caption", p.id().toString());
            db.apply(new Write.SetCaption(p.id(), "sunset", set));
            db.apply(new Write.SetCaption(p.id(), "sunset", same));
            assertThat(logged(set)).isTrue();
            assertThat(logged(same)).isFalse();
            assertThat(db.findPost(p.id()).orElseThrow().caption()).isEqualTo("sunset");
        }

        @Test
        void renamingAndDeletingAUserRecordTheirEntriesOnlyWhenTheyChangeSomething() {
            UserRef a = user("aiko");
            ActivityEntry rename = entry("user.rename", a.id().toString());
            ActivityEntry same = entry("user.rename", a.id().toString());
            ActivityEntry delete = entry("user.delete", a.id().toString());
            ActivityEntry deleteAgain = entry("user.delete", a.id().toString());
            ActivityEntry before = entry("post.like", "x");
            db.activityLog().append(before);
            db.apply(new Write.RenameUser(a.id(), "aiko.k", rename));
            db.apply(new Write.RenameUser(a.id(), "aiko.k", same));
            assertThat(db.apply(new Write.DeleteUser(a.id(), delete)).changed()).isTrue();
            assertThat(db.apply(new Write.DeleteUser(a.id(), deleteAgain)).changed()).isFalse();
            assertThat(logged(rename)).isTrue();
            assertThat(logged(same)).isFalse();
            assertThat(logged(delete)).isTrue();
            assertThat(logged(deleteAgain)).isFalse();
            assertThat(logged(before)).as("history stays").isTrue();
        }

        @Test
        void aFailedActionLeavesNoEntry() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            ActivityEntry missingPost = entry("post.like", "x");
            assertThatThrownBy(() -> db.apply(new Write.Like(PostId.newId(), a.id(), missingPost)).changed()).isInstanceOf(NotFoundException.class);
            Post duplicate = Post.create(a, "", p.picture(), TOKYO_STATION, null, List.of());
            ActivityEntry duplicateEntry = entry("post.create", duplicate.id().toString());
            assertThatThrownBy(() -> db.apply(new Write.CreatePost(duplicate, duplicateEntry))).isInstanceOf(DuplicatePostException.class);
            ActivityEntry taken = entry("user.create", "u");
            Changes.user(db.apply(new Write.CreateUser(User.create("ben", null), taken)));
            assertThatThrownBy(() -> Changes.user(db.apply(new Write.CreateUser(User.create("ben", null), entry("user.create", "u")))))
                    .isInstanceOf(ConflictException.class);
            assertThat(logged(missingPost)).isFalse();
            assertThat(logged(duplicateEntry)).isFalse();
            assertThat(db.activityLog().count()).isEqualTo(1);
        }

        @Test
        void anEntryThatCannotBeStoredRollsTheActionBack() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            Post p = post(a, 1, 1);
            ActivityEntry used = entry("post.like", p.id().toString());
            db.apply(new Write.Like(p.id(), a.id(), used)).changed();
            // Same entry id again: the append fails, and the like must not stay behind without it.
            assertThatThrownBy(() -> db.apply(new Write.Like(p.id(), b.id(), used)).changed()).isInstanceOf(ConflictException.class)
                    .hasMessageContaining(used.id().toString());
            assertThat(db.findPost(p.id()).orElseThrow().likes()).isEqualTo(1);
            assertThat(db.unlike(p.id(), b.id())).isFalse();
            Comment c = Comment.create(p.id(), b, "hello");
            assertThatThrownBy(() -> db.apply(new Write.AddComment(c, used))).isInstanceOf(ConflictException.class);
            assertThat(db.findComment(c.id())).isEmpty();
            assertThat(db.findPost(p.id()).orElseThrow().comments()).isZero();
            assertThatThrownBy(() -> db.apply(new Write.DeletePost(p.id(), used)).deleted()).isInstanceOf(ConflictException.class);
            assertThat(db.findPost(p.id())).isPresent();
            Post other = Post.create(a, "", randomPicture(), TOKYO_STATION, null, List.of());
            assertThatThrownBy(() -> db.apply(new Write.CreatePost(other, used))).isInstanceOf(ConflictException.class);
            assertThat(db.findPost(other.id())).isEmpty();
        }

        @Test
        void aNullEntryBehavesLikeThePlainMethod() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            assertThat(db.apply(new Write.Like(p.id(), a.id(), null)).changed()).isTrue();
            assertThat(db.findPost(p.id()).orElseThrow().likes()).isEqualTo(1);
            assertThat(db.activityLog().count()).isZero();
        }
    }

    // ---- batched reactions

    @Nested
    class Reactions {
        private ActivityEntry entry(String action, PostId post) {
            return ActivityEntry.now("aiko", action, "post", post.toString(), null);
        }

        private long likes(Post p) {
            return db.findPost(p.id()).orElseThrow().likes();
        }

        private long bookmarks(Post p) {
            return db.findPost(p.id()).orElseThrow().bookmarks();
        }

        private Set<PostId> bookmarked(UserRef u) {
            Set<PostId> ids = new HashSet<>();
            db.bookmarks(u.id(), DatabaseService.MAX_LIMIT, null).items().forEach(p -> ids.add(p.id()));
            return ids;
        }

        @Test
        void reactionsTakeEffectInOrderLikeTheSingleCalls() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            assertThat(Changes.changed(db.applyAll(List.of(new Write.Like(p.id(), a.id()), new Write.Like(p.id(), a.id())))))
                    .containsExactly(true, false);
            assertThat(likes(p)).isEqualTo(1);
            assertThat(Changes.changed(db.applyAll(List.of(new Write.Unlike(p.id(), a.id()), new Write.Like(p.id(), a.id()),
                    new Write.Unlike(p.id(), a.id()), new Write.Unlike(p.id(), a.id())))))
                    .containsExactly(true, true, true, false);
            assertThat(likes(p)).isZero();
            assertThat(Changes.changed(db.applyAll(List.of(new Write.Bookmark(p.id(), a.id()), new Write.Unbookmark(p.id(), a.id()),
                    new Write.Bookmark(p.id(), a.id()), new Write.Bookmark(p.id(), a.id())))))
                    .containsExactly(true, true, true, false);
            assertThat(bookmarks(p)).isEqualTo(1);
            // What the batch left behind is what the single calls see.
            assertThat(db.like(p.id(), a.id())).isTrue();
            assertThat(db.bookmark(p.id(), a.id())).isFalse();
        }

        @Test
        void mixedKindsOnSeveralPostsAndUsersKeepCountersExact() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            UserRef c = user("chie");
            Post p = post(a, 1, 1);
            Post q = post(b, 2, 2);
            db.like(q.id(), c.id());
            db.bookmark(p.id(), b.id());
            List<Boolean> changed = Changes.changed(db.applyAll(List.of(
                    new Write.Like(p.id(), a.id()),
                    new Write.Like(p.id(), b.id()),
                    new Write.Bookmark(p.id(), b.id()),
                    new Write.Like(q.id(), c.id()),
                    new Write.Unlike(q.id(), c.id()),
                    new Write.Bookmark(q.id(), a.id()),
                    new Write.Bookmark(q.id(), c.id()),
                    new Write.Unbookmark(p.id(), b.id()),
                    new Write.Like(q.id(), a.id()),
                    new Write.Unbookmark(p.id(), c.id()))));
            assertThat(changed).containsExactly(true, true, false, false, true, true, true, true, true, false);
            assertThat(likes(p)).isEqualTo(2);
            assertThat(bookmarks(p)).isZero();
            assertThat(likes(q)).isEqualTo(1);
            assertThat(bookmarks(q)).isEqualTo(2);
            assertThat(bookmarked(a)).containsExactly(q.id());
            assertThat(bookmarked(b)).isEmpty();
            assertThat(bookmarked(c)).containsExactly(q.id());
            assertThat(db.unlike(q.id(), c.id())).isFalse();
            assertThat(db.unlike(q.id(), a.id())).isTrue();
        }

        @Test
        void entriesAreAppendedOnlyForReactionsThatChangedSomething() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            Post p = post(a, 1, 1);
            db.bookmark(p.id(), b.id());
            ActivityEntry like = entry("post.like", p.id());
            ActivityEntry likeAgain = entry("post.like", p.id());
            ActivityEntry bookmarkAgain = entry("post.bookmark", p.id());
            ActivityEntry unbookmark = entry("post.unbookmark", p.id());
            ActivityEntry unlikeNothing = entry("post.unlike", p.id());
            assertThat(Changes.changed(db.applyAll(List.of(
                    new Write.Like(p.id(), a.id()).withEntry(like),
                    new Write.Like(p.id(), a.id()).withEntry(likeAgain),
                    new Write.Bookmark(p.id(), b.id()).withEntry(bookmarkAgain),
                    new Write.Like(p.id(), b.id()),
                    new Write.Unbookmark(p.id(), b.id()).withEntry(unbookmark),
                    new Write.Unlike(p.id(), a.id()).withEntry(null),
                    new Write.Unlike(p.id(), b.id()),
                    new Write.Unlike(p.id(), b.id()).withEntry(unlikeNothing)))))
                    .containsExactly(true, false, false, true, true, true, true, false);
            assertThat(db.activityLog().find(like.id())).contains(like);
            assertThat(db.activityLog().find(unbookmark.id())).contains(unbookmark);
            assertThat(db.activityLog().find(likeAgain.id())).isEmpty();
            assertThat(db.activityLog().find(bookmarkAgain.id())).isEmpty();
            assertThat(db.activityLog().find(unlikeNothing.id())).isEmpty();
            assertThat(db.activityLog().count()).isEqualTo(2);
        }

        @Test
        void anEntryIdMayRepeatOnAReactionThatChangesNothing() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            ActivityEntry e = entry("post.like", p.id());
            // The single calls would append it once: the second like changes nothing.
            assertThat(Changes.changed(db.applyAll(List.of(new Write.Like(p.id(), a.id()).withEntry(e),
                    new Write.Like(p.id(), a.id()).withEntry(e))))).containsExactly(true, false);
            assertThat(db.activityLog().count()).isEqualTo(1);
        }

        /** The state a failed batch must leave untouched. */
        private record Snapshot(List<Long> likes, List<Long> bookmarks, List<Set<PostId>> bookmarked, long entries) {
        }

        private Snapshot snapshot(List<Post> posts, List<UserRef> users) {
            return new Snapshot(posts.stream().map(this::likes).toList(), posts.stream().map(this::bookmarks).toList(),
                    users.stream().map(this::bookmarked).toList(), db.activityLog().count());
        }

        @Test
        void aMissingPostRejectsTheWholeBatch() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            Post p = post(a, 1, 1);
            db.like(p.id(), b.id());
            db.bookmark(p.id(), b.id());
            Snapshot before = snapshot(List.of(p), List.of(a, b));
            PostId ghost = PostId.newId();
            ActivityEntry e = entry("post.like", p.id());
            for (String kind : Changes.KINDS) {
                List<Write> batch = List.of(
                        new Write.Like(p.id(), a.id()).withEntry(e),
                        new Write.Unlike(p.id(), b.id()),
                        new Write.Bookmark(p.id(), a.id()),
                        new Write.Unbookmark(p.id(), b.id()),
                        Changes.reaction(kind, ghost, a.id(), null),
                        new Write.Like(p.id(), b.id()));
                assertThatThrownBy(() -> Changes.changed(db.applyAll(batch))).as(kind).isInstanceOf(NotFoundException.class)
                        .hasMessageContaining("post " + ghost);
                assertThat(snapshot(List.of(p), List.of(a, b))).as(kind).isEqualTo(before);
            }
            assertThat(db.activityLog().find(e.id())).isEmpty();
            assertThat(db.like(p.id(), a.id())).isTrue();
            assertThat(db.unlike(p.id(), b.id())).isTrue();
        }

        @Test
        void aMissingUserRejectsTheWholeBatch() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            Post p = post(a, 1, 1);
            Post q = post(a, 2, 2);
            db.like(q.id(), b.id());
            Snapshot before = snapshot(List.of(p, q), List.of(a, b));
            UUID ghost = UUID.randomUUID();
            for (String kind : Changes.KINDS) {
                List<Write> batch = List.of(
                        new Write.Like(p.id(), a.id()).withEntry(entry("post.like", p.id())),
                        new Write.Unlike(q.id(), b.id()).withEntry(entry("post.unlike", q.id())),
                        new Write.Bookmark(q.id(), a.id()),
                        Changes.reaction(kind, q.id(), ghost, entry("post.x", q.id())));
                assertThatThrownBy(() -> Changes.changed(db.applyAll(batch))).as(kind).isInstanceOf(NotFoundException.class)
                        .hasMessageContaining("user " + ghost);
                assertThat(snapshot(List.of(p, q), List.of(a, b))).as(kind).isEqualTo(before);
            }
        }

        @Test
        void theFirstMissingPostOrUserInListOrderIsNamed() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            PostId ghostPost = PostId.newId();
            UUID ghostUser = UUID.randomUUID();
            assertThatThrownBy(() -> Changes.changed(db.applyAll(List.of(new Write.Like(p.id(), a.id()),
                    new Write.Unlike(p.id(), ghostUser), new Write.Like(ghostPost, a.id())))))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("user " + ghostUser);
            assertThatThrownBy(() -> Changes.changed(db.applyAll(List.of(new Write.Bookmark(ghostPost, ghostUser),
                    new Write.Unlike(p.id(), ghostUser)))))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("post " + ghostPost);
            assertThat(likes(p)).isZero();
        }

        @Test
        void aTakenEntryIdRejectsTheWholeBatch() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            Post p = post(a, 1, 1);
            ActivityEntry used = entry("post.like", p.id());
            db.apply(new Write.Like(p.id(), b.id(), used)).changed();
            Snapshot before = snapshot(List.of(p), List.of(a, b));
            ActivityEntry fresh = entry("post.bookmark", p.id());
            List<Write> batch = List.of(
                    new Write.Bookmark(p.id(), a.id()).withEntry(fresh),
                    new Write.Unlike(p.id(), b.id()),
                    new Write.Like(p.id(), a.id()).withEntry(used));
            assertThatThrownBy(() -> Changes.changed(db.applyAll(batch))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining(used.id().toString());
            assertThat(snapshot(List.of(p), List.of(a, b))).isEqualTo(before);
            assertThat(db.activityLog().find(fresh.id())).isEmpty();
        }

        @Test
        void anEntryIdRepeatedByTwoChangingReactionsRejectsTheWholeBatch() {
            UserRef a = user("aiko");
            UserRef b = user("ben");
            Post p = post(a, 1, 1);
            Snapshot before = snapshot(List.of(p), List.of(a, b));
            ActivityEntry twice = entry("post.like", p.id());
            List<Write> batch = List.of(
                    new Write.Like(p.id(), a.id()).withEntry(twice),
                    new Write.Bookmark(p.id(), b.id()),
                    new Write.Like(p.id(), b.id()).withEntry(twice));
            assertThatThrownBy(() -> Changes.changed(db.applyAll(batch))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining(twice.id().toString());
            assertThat(snapshot(List.of(p), List.of(a, b))).isEqualTo(before);
        }

        @Test
        void nullsAreRefusedAndAnEmptyBatchTouchesNothing() {
            UserRef a = user("aiko");
            Post p = post(a, 1, 1);
            assertThatThrownBy(() -> Changes.changed(db.applyAll(null))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("writes");
            List<Write> withNull = new ArrayList<>();
            withNull.add(new Write.Like(p.id(), a.id()));
            withNull.add(null);
            assertThatThrownBy(() -> Changes.changed(db.applyAll(withNull))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("write");
            assertThat(likes(p)).isZero();
            assertThatThrownBy(() -> new Write.Like(null, a.id()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("post id");
            assertThatThrownBy(() -> new Write.Bookmark(p.id(), null))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("user id");
            assertThat(Changes.changed(db.applyAll(List.of()))).isEmpty();
            // Use after close fails the same way whatever the call, even one that would do nothing.
            db.close();
            assertThatThrownBy(() -> db.applyAll(List.of())).isExactlyInstanceOf(ClosedException.class);
        }

        @Test
        void aBatchOfAThousandReactions() {
            List<UserRef> users = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                users.add(user("u" + i));
            }
            List<Post> posts = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                posts.add(post(users.get(i % users.size()), i, i));
            }
            List<Write> batch = new ArrayList<>();
            List<ActivityEntry> entries = new ArrayList<>();
            for (UserRef u : users) {
                for (Post p : posts) {
                    ActivityEntry e = entry("post.like", p.id());
                    entries.add(e);
                    batch.add(new Write.Like(p.id(), u.id()).withEntry(e));
                    batch.add(new Write.Bookmark(p.id(), u.id()));
                }
            }
            assertThat(batch).hasSize(1000);
            assertThat(Changes.changed(db.applyAll(batch))).hasSize(1000).containsOnly(true);
            for (Post p : posts) {
                assertThat(likes(p)).isEqualTo(20);
                assertThat(bookmarks(p)).isEqualTo(20);
            }
            assertThat(bookmarked(users.get(7))).hasSize(25);
            assertThat(db.activityLog().count()).isEqualTo(500);
            assertThat(db.activityLog().find(entries.get(499).id())).contains(entries.get(499));
            // Undo them all in one more batch: every one changes something again.
            List<Write> undo = batch.stream().map(w -> (Write.Reaction) w).<Write>map(r -> Write.Reaction.of(false,
                    r.isLike(), r.postId(), r.userId(), null)).toList();
            assertThat(Changes.changed(db.applyAll(undo))).hasSize(1000).containsOnly(true);
            for (Post p : posts) {
                assertThat(likes(p)).isZero();
                assertThat(bookmarks(p)).isZero();
            }
        }

        @Test
        void aBatchLeavesTheStateTheSameReactionsOneByOneLeave() {
            List<UserRef> users = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                users.add(user("u" + i));
            }
            // Twin posts: the batch goes to one of each pair, the single calls to the other.
            List<Post> batched = new ArrayList<>();
            List<Post> single = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batched.add(post(users.get(i), i, i));
                single.add(post(users.get(i), -i, -i));
            }
            java.util.Random random = new java.util.Random(42);
            List<String> kinds = Changes.KINDS;
            List<Write> batch = new ArrayList<>();
            List<Boolean> oneByOne = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String kind = kinds.get(random.nextInt(kinds.size()));
                int post = random.nextInt(batched.size());
                UUID user = users.get(random.nextInt(users.size())).id();
                batch.add(Changes.reaction(kind, batched.get(post).id(), user, entry("post.react", batched.get(post).id())));
                PostId twin = single.get(post).id();
                ActivityEntry e = entry("post.react", twin);
                oneByOne.add(db.apply(Changes.reaction(kind, twin, user, e)).changed());
            }
            long entriesOneByOne = db.activityLog().count();
            assertThat(Changes.changed(db.applyAll(batch))).containsExactlyElementsOf(oneByOne);
            assertThat(db.activityLog().count()).isEqualTo(2 * entriesOneByOne);
            for (int i = 0; i < batched.size(); i++) {
                assertThat(likes(batched.get(i))).as("likes of post " + i).isEqualTo(likes(single.get(i)));
                assertThat(bookmarks(batched.get(i))).as("bookmarks of post " + i).isEqualTo(bookmarks(single.get(i)));
            }
            for (UserRef u : users) {
                // Bookmarks made in one batch may share a timestamp, so only the sets must agree.
                Set<PostId> marks = bookmarked(u);
                Set<Integer> batchedMarks = new HashSet<>();
                Set<Integer> singleMarks = new HashSet<>();
                for (int i = 0; i < batched.size(); i++) {
                    if (marks.contains(batched.get(i).id())) {
                        batchedMarks.add(i);
                    }
                    if (marks.contains(single.get(i).id())) {
                        singleMarks.add(i);
                    }
                    // Likes cannot be listed: probe them, identically on both twins.
                    assertThat(db.unlike(batched.get(i).id(), u.id())).as("liked post " + i + " by " + u.username())
                            .isEqualTo(db.unlike(single.get(i).id(), u.id()));
                }
                assertThat(batchedMarks).as("bookmarks of " + u.username()).isEqualTo(singleMarks);
            }
        }

        @Test
        void countersStayExactWhenBatchesAndSingleCallsRace() throws Exception {
            List<Post> posts = new ArrayList<>();
            UserRef author = user("aiko");
            for (int i = 0; i < 4; i++) {
                posts.add(post(author, i, i));
            }
            int threads = 6;
            int usersPerThread = 3;
            List<List<UUID>> owned = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<UUID> mine = new ArrayList<>();
                for (int u = 0; u < usersPerThread; u++) {
                    mine.add(user("t" + t + "u" + u).id());
                }
                owned.add(mine);
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<UUID> mine = owned.get(t);
                    boolean batches = t % 3 != 0;
                    // Each thread walks the posts in its own order, so batches meet posts in different orders.
                    List<Post> order = new ArrayList<>(posts);
                    java.util.Collections.rotate(order, t);
                    if (t % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int round = 0; round < 8; round++) {
                            List<Write> batch = new ArrayList<>();
                            for (Post p : order) {
                                for (UUID u : mine) {
                                    batch.add(new Write.Like(p.id(), u));
                                    batch.add(new Write.Bookmark(p.id(), u));
                                    batch.add(new Write.Unlike(p.id(), u));
                                    batch.add(new Write.Like(p.id(), u));
                                    batch.add(new Write.Unbookmark(p.id(), u));
                                }
                            }
                            List<Boolean> changed = new ArrayList<>();
                            if (batches) {
                                changed.addAll(Changes.changed(db.applyAll(batch)));
                            } else {
                                for (Write r : batch) {
                                    changed.add(db.apply(r).changed());
                                }
                            }
                            // Each thread owns its users, so its results do not depend on the others.
                            boolean first = round == 0;
                            for (int i = 0; i < changed.size(); i += 5) {
                                assertThat(changed.subList(i, i + 5)).containsExactly(first, true, true, true, true);
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            for (Post p : posts) {
                assertThat(likes(p)).isEqualTo(threads * usersPerThread);
                assertThat(bookmarks(p)).isZero();
            }
        }
    }

    // ---- location privacy (schema V3)

    @Nested
    class LocationPrivacy {
        /** A post by {@code author} at {@code at} with this precision. */
        private Post postAt(UserRef author, GeoPoint at, LocationPrecision precision) {
            Post p = Post.create(author, "", randomPicture(), at, null, List.of(), precision);
            db.createPost(p);
            return p;
        }

        @Test
        void approximatePostShowsItsCellCentreToEveryoneButItsAuthor() {
            UserRef aiko = user("aiko");
            UserRef ben = user("ben");
            GeoPoint exact = new GeoPoint(35.681236, 139.767125, 12.5);
            Post p = postAt(aiko, exact, LocationPrecision.APPROXIMATE);
            GeoPoint centre = LocationGrid.cellCentre(exact);

            assertThat(db.findPost(p.id(), aiko.id()).orElseThrow().location()).isEqualTo(exact);
            assertThat(db.findPost(p.id(), ben.id()).orElseThrow().location()).isEqualTo(centre);
            assertThat(db.findPost(p.id(), null).orElseThrow().location()).isEqualTo(centre);
            assertThat(centre.altitude()).isNull();
            assertThat(centre).isNotEqualTo(GeoPoint.of(exact.latitude(), exact.longitude()));
            assertThat(db.findPost(p.id()).orElseThrow()).isEqualTo(p);
        }

        @Test
        void othersRankAnApproximatePostByItsCellCentreAndTheAuthorByItsExactPosition() {
            UserRef aiko = user("aiko");
            UserRef ben = user("ben");
            GeoPoint centre = GeoPoint.of(48.85661, 2.35222);
            Post approximate = postAt(aiko, centre, LocationPrecision.APPROXIMATE);
            double shownDistance = SphericalGeometry.distanceMeters(centre, LocationGrid.cellCentre(centre));
            assertThat(shownDistance).as("the test needs a centre away from its cell's middle").isGreaterThan(50);
            // An exact post by a third user, halfway between the photo's true spot and its cell centre.
            Post exact = postAt(user("chen"), destination(centre, shownDistance / 2), LocationPrecision.EXACT);

            List<NearbyPost> forBen = db.nearby(centre, 5_000, 10, null, ben.id()).items();
            assertThat(ids(forBen)).containsExactly(exact.id(), approximate.id());
            assertThat(forBen.get(1).distanceMeters()).isCloseTo(shownDistance, within(1e-6));
            assertThat(forBen.get(1).post().location()).isEqualTo(LocationGrid.cellCentre(centre));
            assertThat(ids(db.nearby(centre, 5_000, 10, null).items())).containsExactly(exact.id(), approximate.id());

            List<NearbyPost> forAiko = db.nearby(centre, 5_000, 10, null, aiko.id()).items();
            assertThat(ids(forAiko)).containsExactly(approximate.id(), exact.id());
            assertThat(forAiko.get(0).distanceMeters()).isCloseTo(0, within(1e-6));
            assertThat(forAiko.get(0).post().location()).isEqualTo(centre);

            // A radius that holds the true spot but not the cell centre: only the author finds the post.
            double radius = shownDistance * 0.75;
            assertThat(ids(db.nearby(centre, radius, 10, null, ben.id()).items())).containsExactly(exact.id());
            assertThat(ids(db.nearby(centre, radius, 10, null, aiko.id()).items()))
                    .containsExactly(approximate.id(), exact.id());
        }

        @Test
        void everyApproximatePostInACellShowsTheSamePoint() {
            UserRef aiko = user("aiko");
            UserRef ben = user("ben");
            GeoPoint a = GeoPoint.of(51.50135, -0.14189);
            GeoPoint centre = LocationGrid.cellCentre(a);
            // Another spot in the same cell: a few metres from the centre towards a.
            GeoPoint b = GeoPoint.of((a.latitude() + 3 * centre.latitude()) / 4, (a.longitude() + 3 * centre.longitude()) / 4);
            assertThat(LocationGrid.cellCentre(b)).isEqualTo(centre);
            Post pa = postAt(aiko, a, LocationPrecision.APPROXIMATE);
            Post pb = postAt(user("chen"), b, LocationPrecision.APPROXIMATE);

            List<NearbyPost> seen = db.nearby(a, 3_000, 10, null, ben.id()).items();
            assertThat(seen).extracting(n -> n.post().location()).containsOnly(centre);
            assertThat(seen).hasSize(2).allSatisfy(n -> assertThat(n.distanceMeters())
                    .isCloseTo(SphericalGeometry.distanceMeters(a, centre), within(1e-6)));
            assertThat(seen.get(0).distanceMeters()).isEqualTo(seen.get(1).distanceMeters());
            // Tied on distance, they page by id, one per page, neither repeated nor lost.
            List<PostId> paged = new ArrayList<>();
            String cursor = null;
            do {
                Page<NearbyPost> page = db.nearby(a, 3_000, 1, cursor, ben.id());
                paged.addAll(ids(page.items()));
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(paged).containsExactlyElementsOf(
                    List.of(pa.id(), pb.id()).stream().sorted().toList());
        }

        @Test
        void hiddenPostIsFoundOnlyByItsAuthorAndShowsOthersNoLocation() {
            UserRef aiko = user("aiko");
            UserRef ben = user("ben");
            Post hidden = postAt(aiko, TOKYO_STATION, LocationPrecision.HIDDEN);
            Post visible = post(ben, TOKYO_STATION.latitude(), TOKYO_STATION.longitude() + 0.001);

            assertThat(ids(db.nearby(TOKYO_STATION, 1_000, 10, null, ben.id()).items())).containsExactly(visible.id());
            assertThat(ids(db.nearby(TOKYO_STATION, 1_000, 10, null).items())).containsExactly(visible.id());
            List<NearbyPost> forAiko = db.nearby(TOKYO_STATION, 1_000, 10, null, aiko.id()).items();
            assertThat(ids(forAiko)).containsExactly(hidden.id(), visible.id());
            assertThat(forAiko.get(0).distanceMeters()).isCloseTo(0, within(1e-6));
            assertThat(forAiko.get(0).post().location()).isEqualTo(TOKYO_STATION);

            Post seenByBen = db.findPost(hidden.id(), ben.id()).orElseThrow();
            assertThat(seenByBen.location()).isNull();
            assertThat(seenByBen.locationPrecision()).isEqualTo(LocationPrecision.HIDDEN);
            assertThat(db.findPost(hidden.id(), aiko.id()).orElseThrow()).isEqualTo(hidden);
        }

        @Test
        void pagesMergeTheViewersOwnPostsWithOthersWithoutRepeatsOrGaps() {
            UserRef aiko = user("aiko");
            UserRef ben = user("ben");
            LocationPrecision[] cycle = LocationPrecision.values();
            for (int i = 0; i < 30; i++) {
                GeoPoint at = destination(TOKYO_STATION, 40.0 * i + 7);
                postAt(i % 2 == 0 ? aiko : ben, at, cycle[i % 3]);
            }
            for (UUID viewer : new UUID[] {aiko.id(), ben.id(), null}) {
                List<NearbyPost> all = db.nearby(TOKYO_STATION, 2_000, 1000, null, viewer).items();
                List<NearbyPost> paged = new ArrayList<>();
                String cursor = null;
                do {
                    Page<NearbyPost> page = db.nearby(TOKYO_STATION, 2_000, 4, cursor, viewer);
                    assertThat(page.items().size()).isLessThanOrEqualTo(4);
                    paged.addAll(page.items());
                    cursor = page.nextCursor();
                } while (cursor != null);
                assertThat(ids(paged)).as("viewer %s", viewer).containsExactlyElementsOf(ids(all));
                assertThat(all).extracting(NearbyPost::distanceMeters).isSorted();
                // Others' hidden posts never appear; the viewer's own always do.
                for (NearbyPost n : all) {
                    Post p = n.post();
                    boolean own = p.isAuthor(viewer);
                    assertThat(own || p.locationPrecision() != LocationPrecision.HIDDEN).isTrue();
                    GeoPoint expected = own ? db.findPost(p.id()).orElseThrow().location()
                            : p.locationPrecision().shown(db.findPost(p.id()).orElseThrow().location());
                    assertThat(p.location()).isEqualTo(expected);
                    assertThat(n.distanceMeters())
                            .isCloseTo(SphericalGeometry.distanceMeters(TOKYO_STATION, expected), within(1e-6));
                }
                // 30 posts, 10 of them hidden, 5 of those by each user: anonymous sees 20, either user 25.
                assertThat(all).as("viewer %s", viewer).hasSize(viewer == null ? 20 : 25);
            }
        }

        @Test
        void changingAPostsPrecisionChangesWhatOthersSeeAndFind() {
            UserRef aiko = user("aiko");
            UserRef ben = user("ben");
            GeoPoint exact = new GeoPoint(35.681236, 139.767125, 12.5);
            Post p = postAt(aiko, exact, LocationPrecision.EXACT);
            Post other = postAt(ben, destination(TOKYO_STATION, 300), LocationPrecision.EXACT);
            GeoPoint centre = LocationGrid.cellCentre(exact);

            db.setLocationPrecision(p.id(), LocationPrecision.HIDDEN);
            assertThat(db.findPost(p.id()).orElseThrow()).isEqualTo(p.withLocationPrecision(LocationPrecision.HIDDEN));
            assertThat(db.findPost(p.id(), ben.id()).orElseThrow().location()).isNull();
            assertThat(db.findPost(p.id(), null).orElseThrow().location()).isNull();
            assertThat(db.findPost(p.id(), aiko.id()).orElseThrow().location()).isEqualTo(exact);
            assertThat(ids(db.nearby(TOKYO_STATION, 1_000, 10, null, ben.id()).items())).containsExactly(other.id());
            assertThat(ids(db.nearby(TOKYO_STATION, 1_000, 10, null).items())).containsExactly(other.id());
            assertThat(ids(db.nearby(TOKYO_STATION, 1_000, 10, null, aiko.id()).items()))
                    .containsExactly(p.id(), other.id());

            db.setLocationPrecision(p.id(), LocationPrecision.APPROXIMATE);
            for (UUID viewer : new UUID[] {ben.id(), null}) {
                List<NearbyPost> seen = db.nearby(exact, 5_000, 10, null, viewer).items();
                NearbyPost mine = seen.stream().filter(n -> n.post().id().equals(p.id())).findFirst().orElseThrow();
                assertThat(mine.post().location()).isEqualTo(centre);
                assertThat(mine.distanceMeters()).isCloseTo(SphericalGeometry.distanceMeters(exact, centre), within(1e-6));
                assertThat(db.findPost(p.id(), viewer).orElseThrow().location()).isEqualTo(centre);
            }
            assertThat(db.findPost(p.id(), aiko.id()).orElseThrow().location()).isEqualTo(exact);

            db.setLocationPrecision(p.id(), LocationPrecision.EXACT);
            assertThat(db.findPost(p.id(), ben.id()).orElseThrow()).isEqualTo(p);
            List<NearbyPost> back = db.nearby(exact, 1_000, 10, null).items();
            assertThat(ids(back)).containsExactly(p.id(), other.id());
            assertThat(back.get(0).post().location()).isEqualTo(exact);
            assertThat(back.get(0).distanceMeters()).isCloseTo(0, within(1e-6));
        }

        @Test
        void aPostMadeHiddenLeavesEveryPageOfOthersSearches() {
            UserRef aiko = user("aiko");
            UserRef ben = user("ben");
            List<Post> posts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                posts.add(postAt(i % 2 == 0 ? aiko : ben, destination(TOKYO_STATION, 50.0 * i + 5),
                        LocationPrecision.EXACT));
            }
            Set<PostId> hidden = new HashSet<>();
            for (int i = 0; i < 12; i += 4) {
                db.setLocationPrecision(posts.get(i).id(), LocationPrecision.HIDDEN);
                hidden.add(posts.get(i).id());
            }
            for (UUID viewer : new UUID[] {ben.id(), null}) {
                List<PostId> paged = new ArrayList<>();
                String cursor = null;
                do {
                    Page<NearbyPost> page = db.nearby(TOKYO_STATION, 2_000, 3, cursor, viewer);
                    paged.addAll(ids(page.items()));
                    cursor = page.nextCursor();
                } while (cursor != null);
                assertThat(paged).as("viewer %s", viewer).hasSize(9).doesNotContainAnyElementsOf(hidden);
            }
            assertThat(ids(db.nearby(TOKYO_STATION, 2_000, 100, null, aiko.id()).items())).containsAll(hidden);
        }

        @Test
        void settingAPostsPrecisionNeedsAnExistingPostAndAPrecision() {
            Post p = postAt(user("aiko"), TOKYO_STATION, LocationPrecision.APPROXIMATE);
            PostId ghost = PostId.newId();
            assertThatThrownBy(() -> db.setLocationPrecision(ghost, LocationPrecision.HIDDEN))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining(ghost.toString());
            assertThatThrownBy(() -> db.setLocationPrecision(p.id(), null))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("precision");
            assertThatThrownBy(() -> db.setLocationPrecision(null, LocationPrecision.HIDDEN))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("post id");
            assertThat(db.setLocationPrecision(p.id(), LocationPrecision.APPROXIMATE)).isFalse();
            assertThat(db.findPost(p.id()).orElseThrow()).isEqualTo(p);
        }

        @Test
        void userDefaultPrecisionIsStoredAndChangeable() {
            UserRef aiko = user("aiko");
            assertThat(db.findUser(aiko.id()).orElseThrow().defaultLocationPrecision()).isEqualTo(LocationPrecision.EXACT);
            db.setDefaultLocationPrecision(aiko.id(), LocationPrecision.APPROXIMATE);
            assertThat(db.findUser(aiko.id()).orElseThrow().defaultLocationPrecision())
                    .isEqualTo(LocationPrecision.APPROXIMATE);
            User hidden = db.createUser(User.create("ben", null).withDefaultLocationPrecision(LocationPrecision.HIDDEN));
            assertThat(db.findUserByName("ben")).contains(hidden);
            UUID ghost = UUID.randomUUID();
            assertThatThrownBy(() -> db.setDefaultLocationPrecision(ghost, LocationPrecision.HIDDEN))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining(ghost.toString());
        }
    }

    /** The point {@code meters} due north of {@code from} (along its meridian). */
    private static GeoPoint destination(GeoPoint from, double meters) {
        double degrees = Math.toDegrees(meters / SphericalGeometry.EARTH_RADIUS_METERS);
        return GeoPoint.of(from.latitude() + degrees, from.longitude());
    }

    // ---- picture variants (schema V3)

    @Nested
    class Variants {
        private PictureVariant variant(PictureSize size) {
            PictureRef blob = randomPicture();
            return new PictureVariant(size, blob.blobKey(), "image/jpeg", blob.sha256(), size.longSide(),
                    size.longSide() * 3 / 4);
        }

        @Test
        void variantsAndNoteRoundTripAndTheirBlobsCountAsReferenced() {
            UserRef a = user("aiko");
            PictureVariant thumb = variant(PictureSize.THUMB);
            PictureVariant large = variant(PictureSize.LARGE);
            Post p = Post.create(a, "", randomPicture(), TOKYO_STATION, null, List.of())
                    .withVariants(List.of(large, thumb), null);
            db.createPost(p);
            Post noVariants = Post.create(a, "", randomPicture(), TOKYO_STATION, null, List.of())
                    .withVariants(List.of(), "HEIC cannot be decoded here");
            db.createPost(noVariants);

            Post read = db.findPost(p.id()).orElseThrow();
            assertThat(read).isEqualTo(p);
            assertThat(read.variants()).containsExactly(thumb, large);
            assertThat(read.variant(PictureSize.LARGE)).contains(large);
            assertThat(db.findPost(noVariants.id()).orElseThrow().variantsNote()).isEqualTo("HEIC cannot be decoded here");
            assertThat(db.findPosts(List.of(p.id()))).containsExactly(p);
            assertThat(db.postsByUser(a.id(), 10, null).items()).contains(p);

            assertThat(db.isBlobReferenced(thumb.blobKey())).isTrue();
            String unknown = randomPicture().blobKey();
            assertThat(db.referencedBlobKeys(List.of(thumb.blobKey(), unknown, p.picture().blobKey(), large.blobKey())))
                    .containsExactlyInAnyOrder(thumb.blobKey(), p.picture().blobKey(), large.blobKey());
            assertThat(db.referencedBlobKeys(List.of())).isEmpty();

            assertThat(db.deletePost(p.id())).contains(p);
            assertThat(db.isBlobReferenced(thumb.blobKey())).isFalse();
            assertThat(db.referencedBlobKeys(List.of(thumb.blobKey(), large.blobKey()))).isEmpty();
        }

        @Test
        void batchCreateStoresVariants() {
            UserRef a = user("aiko");
            List<Post> posts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                posts.add(Post.create(a, "", randomPicture(), TOKYO_STATION, null, List.of())
                        .withVariants(List.of(variant(PictureSize.THUMB), variant(PictureSize.LARGE)), null));
            }
            db.applyAll(Changes.creates(posts));
            assertThat(db.findPosts(posts.stream().map(Post::id).toList())).containsExactlyElementsOf(posts);
        }
    }

    /** Exposed for subclasses that add backend-specific tests. */
    protected static Set<PostId> idSet(List<NearbyPost> found) {
        return new HashSet<>(ids(found));
    }
}
