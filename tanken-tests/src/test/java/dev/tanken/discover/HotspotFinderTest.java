package dev.tanken.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tanken.db.Changes;
import dev.tanken.InvalidInputException;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.model.LocationGrid;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.geocode.ReverseGeocoder;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hotspots over synthetic clusters of posts in a real embedded database. */
class HotspotFinderTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final GeoPoint SEARCH = GeoPoint.of(35.6600, 139.7230); // between the two spots
    private static final GeoPoint SHIBUYA = GeoPoint.of(35.6595, 139.7005);
    private static final GeoPoint TOKYO_TOWER = GeoPoint.of(35.6586, 139.7454);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    SqliteDatabaseService db;
    HotspotFinder finder;
    final Random jitter = new Random(42);
    int users;

    @BeforeEach
    void open() {
        db = SqliteDatabaseService.open(dir.resolve("tanken.db"));
        finder = new HotspotFinder(db, ReverseGeocoder::bundled, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void postsAtOnePlaceMakeAHotspotCentredThereWithNoRadius() {
        UserRef author = newUser();
        Random places = new Random(7);
        Set<GeoPoint> spots = new java.util.HashSet<>();
        List<Post> created = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // Kilometres apart on a line, so that each place is a hotspot of its own; two posts each.
            GeoPoint at = GeoPoint.of(35.6 + i * 0.02 + places.nextDouble() * 1e-4, 139.7 + places.nextDouble() * 1e-4);
            spots.add(at);
            for (int j = 0; j < 2; j++) {
                created.add(new Post(PostId.newId(), NOW.minus(Duration.ofHours(1)), author, "", picture(), at, null,
                        0, 0, 0, List.of("gate")));
            }
        }
        db.applyAll(Changes.creates(created));

        List<Hotspot> found = finder.explore(ExploreQuery.around(GeoPoint.of(35.67, 139.7), 20_000)).hotspots();

        assertThat(found).hasSize(spots.size()).allSatisfy(h -> {
            assertThat(spots).contains(h.center());
            assertThat(h.radiusMeters()).isZero();
        });
    }

    @Test
    void manyPostersOutrankOnePosterWithManyMorePhotos() {
        UserRef spammer = newUser();
        List<Post> spam = posts(spammer, SHIBUYA, 50, NOW.minus(Duration.ofHours(1)), "crossing");
        List<Post> crowd = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            crowd.addAll(posts(newUser(), TOKYO_TOWER, 1, NOW.minus(Duration.ofHours(1)), i < 5 ? "tower" : "night"));
        }

        Exploration found = finder.explore(ExploreQuery.around(SEARCH, 5_000));

        assertThat(found.hotspots()).hasSize(2);
        assertThat(found.postsScanned()).isEqualTo(58);
        assertThat(found.truncated()).isFalse();
        Hotspot first = found.hotspots().get(0);
        Hotspot second = found.hotspots().get(1);
        assertThat(first.posts()).isEqualTo(8);
        assertThat(first.posters()).isEqualTo(8);
        assertThat(second.posts()).isEqualTo(50);
        assertThat(second.posters()).isEqualTo(1);
        assertThat(first.score()).isGreaterThan(second.score());
        // The documented formula: log2(1 + weight sum) per poster, a fresh unliked post weighing ~1.
        assertThat(first.score()).isCloseTo(8 * log2(1 + recency(1)), within(1e-9));
        assertThat(second.score()).isCloseTo(log2(1 + 50 * recency(1)), within(1e-9));

        assertThat(SphericalGeometry.distanceMeters(first.center(), TOKYO_TOWER)).isLessThan(30);
        assertThat(first.radiusMeters()).isBetween(1.0, 60.0);
        assertThat(first.distanceMeters()).isCloseTo(SphericalGeometry.distanceMeters(SEARCH, first.center()), within(1e-6));
        assertThat(first.topTags()).containsExactly("tower", "night");
        assertThat(ids(crowd)).contains(first.coverPostId());
        assertThat(ids(spam)).contains(second.coverPostId());
        assertThat(first.placeName()).isEqualTo("Tokyo, Japan");
        assertThat(first.place().place().name()).isEqualTo("Tokyo");
    }

    @Test
    void recencyDecayChangesTheOrderAsDocumented() {
        for (int i = 0; i < 5; i++) {
            posts(newUser(), SHIBUYA, 1, NOW.minus(Duration.ofDays(90)), "old");
        }
        for (int i = 0; i < 3; i++) {
            posts(newUser(), TOKYO_TOWER, 1, NOW.minus(Duration.ofMinutes(5)), "new");
        }

        // Default half-life, 30 days: 90-day-old posts weigh 1/8; 5 × log2(1.125) = 0.85 < 3 × log2(2) = 3.
        List<Hotspot> monthly = finder.explore(ExploreQuery.around(SEARCH, 5_000)).hotspots();
        assertThat(monthly).extracting(Hotspot::topTags).containsExactly(List.of("new"), List.of("old"));
        assertThat(monthly.get(1).score()).isCloseTo(5 * log2(1 + Math.pow(2, -90.0 / 30)), within(1e-9));

        // A one-year half-life: they still weigh 0.84; 5 × log2(1.84) = 4.4 > 3.
        List<Hotspot> yearly = finder.explore(ExploreQuery.around(SEARCH, 5_000).withHalfLife(Duration.ofDays(365)))
                .hotspots();
        assertThat(yearly).extracting(Hotspot::topTags).containsExactly(List.of("old"), List.of("new"));
        assertThat(yearly.get(0).score()).isCloseTo(5 * log2(1 + Math.pow(2, -90.0 / 365)), within(1e-9));

        // --since drops the old posts altogether, though they were read.
        Exploration recent = finder.explore(ExploreQuery.around(SEARCH, 5_000).withSince(NOW.minus(Duration.ofDays(30))));
        assertThat(recent.hotspots()).extracting(Hotspot::topTags).containsExactly(List.of("new"));
        assertThat(recent.postsScanned()).isEqualTo(8);
    }

    @Test
    void engagementRaisesASpotWithTheSamePosters() {
        UserRef fan = newUser();
        List<Post> quiet = new ArrayList<>();
        List<Post> loved = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            quiet.addAll(posts(newUser(), SHIBUYA, 1, NOW.minus(Duration.ofHours(2)), "quiet"));
            loved.addAll(posts(newUser(), TOKYO_TOWER, 1, NOW.minus(Duration.ofHours(3)), "loved"));
        }
        db.like(loved.get(0).id(), fan.id());
        db.bookmark(loved.get(0).id(), fan.id());
        db.addComment(dev.tanken.model.Comment.create(loved.get(0).id(), fan, "wow"));

        List<Hotspot> spots = finder.explore(ExploreQuery.around(SEARCH, 5_000)).hotspots();

        assertThat(spots).extracting(Hotspot::topTags).containsExactly(List.of("loved"), List.of("quiet"));
        assertThat(spots.get(0).coverPostId()).isEqualTo(loved.get(0).id());
        // likes + 2 bookmarks + 3 comments = 6: weight (1 + log2 7) for the liked post.
        double expected = log2(1 + recency(3) * (1 + log2(7))) + log2(1 + recency(3));
        assertThat(spots.get(0).score()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void aSpotCutByACellBoundaryIsOneHotspotAndSeparateSpotsStayApart() {
        // The grid is anchored at the search centre: these posts straddle the boundaries x = 0 and y = 0.
        for (int i = 0; i < 6; i++) {
            posts(newUser(), SEARCH, 2, NOW, "centre");
        }
        // 1 km east, eight cells of 125 m away: a spot of its own.
        GeoPoint east = GeoPoint.of(SEARCH.latitude(), SEARCH.longitude() + 0.011);
        for (int i = 0; i < 3; i++) {
            posts(newUser(), east, 1, NOW, "east");
        }

        List<Hotspot> spots = finder.explore(ExploreQuery.around(SEARCH, 5_000)).hotspots();

        assertThat(spots).extracting(Hotspot::posts).containsExactly(12, 3);
        assertThat(spots.get(0).distanceMeters()).isLessThan(15);
    }

    @Test
    void aNameMostPostersChoseWinsOverTheGazetteer() {
        List<Post> tower = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tower.addAll(posts(newUser(), TOKYO_TOWER, 1, NOW, "tower"));
        }
        db.setPlaceName(tower.get(0).id(), "Tokyo Tower");
        db.setPlaceName(tower.get(1).id(), "Tokyo Tower");
        db.setPlaceName(tower.get(2).id(), "Shiba Park");

        Hotspot spot = finder.explore(ExploreQuery.around(SEARCH, 5_000)).hotspots().get(0);

        assertThat(spot.placeName()).isEqualTo("Tokyo Tower");
        assertThat(spot.place().label()).isEqualTo("Tokyo, Japan");
    }

    @Test
    void readsAtMostMaxPostsTheNearestAndSaysSo() {
        posts(newUser(), TOKYO_TOWER, 30, NOW, "near");
        posts(newUser(), GeoPoint.of(35.70, 139.80), 5, NOW, "far");

        Exploration found = finder.explore(ExploreQuery.around(TOKYO_TOWER, 20_000).withMaxPosts(30));

        assertThat(found.truncated()).isTrue();
        assertThat(found.postsScanned()).isEqualTo(30);
        assertThat(found.scannedRadiusMeters()).isLessThan(100);
        assertThat(found.hotspots()).extracting(Hotspot::topTags).containsExactly(List.of("near"));

        Exploration all = finder.explore(ExploreQuery.around(TOKYO_TOWER, 20_000));
        assertThat(all.truncated()).isFalse();
        assertThat(all.scannedRadiusMeters()).isEqualTo(20_000);
        assertThat(all.hotspots()).hasSize(2);
    }

    @Test
    void hotspotsShowOnlyWhatTheViewerMaySee() {
        UserRef hider = newUser();
        posts(hider, SHIBUYA, 5, NOW, "secret", LocationPrecision.HIDDEN);
        for (int i = 0; i < 3; i++) {
            posts(newUser(), TOKYO_TOWER, 1, NOW, "vague", LocationPrecision.APPROXIMATE);
        }

        List<Hotspot> anonymous = finder.explore(ExploreQuery.around(SEARCH, 5_000)).hotspots();
        assertThat(anonymous).extracting(Hotspot::topTags).containsExactly(List.of("vague"));
        // Every approximate post shows its cell's centre, and so does the hotspot: no finer position leaks.
        GeoPoint cell = LocationGrid.cellCentre(TOKYO_TOWER);
        assertThat(SphericalGeometry.distanceMeters(anonymous.get(0).center(), cell)).isLessThan(0.01);
        assertThat(anonymous.get(0).radiusMeters()).isLessThan(0.01);

        List<Hotspot> forHider = finder.explore(ExploreQuery.around(SEARCH, 5_000).withViewer(hider.id())).hotspots();
        assertThat(forHider).extracting(Hotspot::topTags).containsExactlyInAnyOrder(List.of("vague"), List.of("secret"));
    }

    @Test
    void anEmptyAreaHasNoHotspotsAndBadQueriesAreRejected() {
        assertThat(finder.explore(ExploreQuery.around(SEARCH, 1_000)).hotspots()).isEmpty();
        assertThatThrownBy(() -> ExploreQuery.around(SEARCH, 1_000).withLimit(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ExploreQuery.around(SEARCH, 2_000_000)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ExploreQuery.around(SEARCH, -1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ExploreQuery.around(SEARCH, 1_000).withHalfLife(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class);
    }

    // ---- fixtures

    private UserRef newUser() {
        return db.createUser(User.create("user" + users++, null)).ref();
    }

    /** {@code n} posts within about 20 m of {@code at}. */
    private List<Post> posts(UserRef author, GeoPoint at, int n, Instant createdAt, String tag) {
        return posts(author, at, n, createdAt, tag, LocationPrecision.EXACT);
    }

    private List<Post> posts(UserRef author, GeoPoint at, int n, Instant createdAt, String tag,
            LocationPrecision precision) {
        List<Post> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GeoPoint p = GeoPoint.of(at.latitude() + (jitter.nextDouble() - 0.5) * 0.0003,
                    at.longitude() + (jitter.nextDouble() - 0.5) * 0.0003);
            created.add(new Post(PostId.newId(), createdAt, author, "", picture(), p, null, 0, 0, 0, List.of(tag))
                    .withLocationPrecision(precision));
        }
        db.applyAll(Changes.creates(created));
        return created;
    }

    private static PictureRef picture() {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        String sha = HexFormat.of().formatHex(digest);
        return new PictureRef(sha, "image/jpeg", sha, 640, 480);
    }

    private static Set<PostId> ids(List<Post> posts) {
        return posts.stream().map(Post::id).collect(Collectors.toSet());
    }

    private static double recency(double hours) {
        return Math.pow(2, -hours / (30 * 24));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
