package dev.tanken.sqlite;

import static dev.tanken.sqlite.SqliteTestSupport.count;
import static dev.tanken.sqlite.SqliteTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.sqlite.internal.NearbySql;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The R*Tree behind nearby searches: used by the plan, kept in step with posts, exact at the edge. */
class SqliteSpatialIndexTest {
    private static final GeoPoint TOKYO_STATION = GeoPoint.of(35.681236, 139.767125);

    @TempDir
    Path dir;
    Path file;
    SqliteDatabaseService db;
    UserRef aiko;

    @BeforeEach
    void open() {
        file = dir.resolve("tanken.db");
        db = SqliteDatabaseService.open(file);
        aiko = db.createUser(User.create("aiko", null)).ref();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void nearbyQueryIsServedByTheRTreeNotByAScanOfPosts() throws Exception {
        for (int i = 0; i < 200; i++) {
            post(db, aiko, 35 + i * 0.01, 139 + i * 0.01);
        }
        for (boolean withCursor : new boolean[] {false, true}) {
            List<String> plan = new ArrayList<>();
            try (Connection c = SqliteTestSupport.raw(file);
                    PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + NearbySql.sql(withCursor))) {
                for (int i = 1; i <= 4; i++) {
                    ps.setDouble(i, 0.5);
                }
                ps.setInt(5, 10);
                if (withCursor) {
                    ps.setDouble(6, 0.1);
                    ps.setString(7, "0190f5c2-0000-7000-8000-000000000000");
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.add(rs.getString("detail"));
                    }
                }
            }
            // "INDEX 2:" is the R*Tree's query strategy; its argument holds one code per box bound,
            // so all six bounds reach the index.
            assertThat(plan).anySatisfy(line -> assertThat(line).matches("SCAN g VIRTUAL TABLE INDEX 2:(..){6}"));
            assertThat(plan).anySatisfy(line -> assertThat(line).startsWith("SEARCH p USING INTEGER PRIMARY KEY"));
            assertThat(plan).noneSatisfy(line -> assertThat(line).matches("SCAN (p|posts)\\b.*"));
        }
    }

    @Test
    void rTreeRowsFollowInsertsAndDeletes() throws Exception {
        Post a = post(db, aiko, 1, 2);
        Post b = post(db, aiko, 3, 4);
        assertThat(count(file, "SELECT count(*) FROM posts_geo")).isEqualTo(2);
        assertThat(count(file, """
                SELECT count(*) FROM posts p JOIN posts_geo g ON g.id = p.id
                WHERE p.x BETWEEN g.minX AND g.maxX AND p.y BETWEEN g.minY AND g.maxY
                  AND p.z BETWEEN g.minZ AND g.maxZ""")).isEqualTo(2);
        db.deletePost(a.id());
        assertThat(count(file, "SELECT count(*) FROM posts_geo")).isEqualTo(1);
        assertThat(count(file, "SELECT count(*) FROM posts_geo g JOIN posts p ON p.id = g.id WHERE p.post_id = '"
                + b.id() + "'")).isEqualTo(1);
    }

    @Test
    void deletePostLeavesNoRowsBehind() throws Exception {
        UserRef ben = db.createUser(User.create("ben", null)).ref();
        Post p = Post.create(aiko, "x", SqliteTestSupport.randomPicture(), TOKYO_STATION, null, List.of("a", "b"));
        db.createPost(p);
        db.like(p.id(), ben.id());
        db.bookmark(p.id(), ben.id());
        db.addComment(dev.tanken.model.Comment.create(p.id(), ben, "hi"));
        db.deletePost(p.id());
        for (String table : List.of("posts", "posts_geo", "post_tags", "likes", "bookmarks", "comments")) {
            assertThat(count(file, "SELECT count(*) FROM " + table)).as(table).isZero();
        }
    }

    @Test
    void reportedDistanceIsExactlyTheSharedDefinitionAndTheRadiusIsInclusive() {
        Random random = new Random(42);
        List<Post> posts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            posts.add(post(db, aiko, 35.6 + random.nextDouble() * 0.2, 139.6 + random.nextDouble() * 0.3));
        }
        List<NearbyPost> all = db.nearby(TOKYO_STATION, 100_000, 1000, null).items();
        assertThat(all).hasSize(posts.size());
        for (NearbyPost n : all) {
            assertThat(n.distanceMeters())
                    .isEqualTo(SphericalGeometry.distanceMeters(TOKYO_STATION, n.post().location()));
        }
        // A radius equal to a post's distance includes it; the next smaller double excludes it.
        for (NearbyPost n : all.subList(0, 10)) {
            double d = n.distanceMeters();
            assertThat(db.nearby(TOKYO_STATION, d, 1000, null).items()).contains(n)
                    .allSatisfy(m -> assertThat(m.distanceMeters()).isLessThanOrEqualTo(d));
            assertThat(db.nearby(TOKYO_STATION, Math.nextDown(d), 1000, null).items()).doesNotContain(n);
        }
    }

    @Test
    void halfTheCircumferenceReachesTheAntipode() {
        Post antipode = post(db, aiko, -TOKYO_STATION.latitude(), TOKYO_STATION.longitude() - 180);
        Post here = post(db, aiko, TOKYO_STATION.latitude(), TOKYO_STATION.longitude());
        List<NearbyPost> found = db.nearby(TOKYO_STATION, SphericalGeometry.MAX_DISTANCE_METERS, 10, null).items();
        assertThat(found).extracting(n -> n.post().id()).containsExactly(here.id(), antipode.id());
        assertThat(found.get(1).distanceMeters()).isCloseTo(SphericalGeometry.MAX_DISTANCE_METERS,
                org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void pagesCoverAWholeRegionInOrderWithoutRepeatsOrGaps() {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            // Clusters of identical points make many exact ties.
            double lat = 35.6 + random.nextInt(30) * 0.003;
            double lon = 139.7 + random.nextInt(10) * 0.003;
            post(db, aiko, lat, lon);
        }
        List<NearbyPost> oneGo = db.nearby(TOKYO_STATION, 20_000, 1000, null).items();
        List<NearbyPost> paged = new ArrayList<>();
        String cursor = null;
        do {
            Page<NearbyPost> page = db.nearby(TOKYO_STATION, 20_000, 13, cursor);
            paged.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(oneGo);
        for (int i = 1; i < oneGo.size(); i++) {
            NearbyPost prev = oneGo.get(i - 1);
            NearbyPost cur = oneGo.get(i);
            assertThat(cur.distanceMeters()).isGreaterThanOrEqualTo(prev.distanceMeters());
            if (cur.post().location().equals(prev.post().location())) {
                assertThat(cur.post().id()).isGreaterThan(prev.post().id());
            }
        }
    }

    /**
     * A viewer's own posts are read through (author, ez), only the slab of ez the chord reaches, and
     * none is lost to it: the author of every post sees, page after page, exactly the posts a scan of
     * all of them finds within the radius, near both poles, across the antimeridian and in a city.
     */
    @Test
    void theViewersOwnPostsAreReadBySlabAndNoneIsLost() throws Exception {
        Random random = new Random(5);
        List<Post> posts = new ArrayList<>();
        double[][] places = {{89.995, 0}, {-89.99, 45}, {0.2, 179.999}, {-0.2, -179.999},
            {TOKYO_STATION.latitude(), TOKYO_STATION.longitude()}};
        for (double[] place : places) {
            for (int i = 0; i < 60; i++) {
                double lat = Math.max(-90, Math.min(90, place[0] + random.nextGaussian() * 0.01));
                double lon = place[1] + random.nextGaussian() * 0.01;
                posts.add(post(db, aiko, lat, lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon));
            }
        }
        for (double[] place : places) {
            GeoPoint centre = GeoPoint.of(place[0], place[1]);
            for (double radius : new double[] {300, 1500, 20_000_000}) {
                List<String> expected = scanOrder(posts, centre, radius);
                List<String> paged = new ArrayList<>();
                String cursor = null;
                do {
                    Page<NearbyPost> page = db.nearby(centre, radius, 25, cursor, aiko.id());
                    page.items().forEach(n -> paged.add(n.post().id().toString()));
                    cursor = page.nextCursor();
                } while (cursor != null);
                assertThat(paged).as("centre %s, radius %s", centre, radius).containsExactlyElementsOf(expected);
            }
        }
        List<String> plan = new ArrayList<>();
        try (Connection c = SqliteTestSupport.raw(file);
                PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + NearbySql.ownSql(false))) {
            for (int i = 1; i <= 4; i++) {
                ps.setDouble(i, 0.5);
            }
            ps.setInt(5, 10);
            ps.setString(8, aiko.id().toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
        }
        assertThat(plan).anySatisfy(line -> assertThat(line)
                .startsWith("SEARCH p USING INDEX posts_author_ez_idx (author_id=? AND ez>? AND ez<?)"));
    }

    /**
     * Nearby grows rings from the centre until one fills the page; whatever the local density (a
     * dense core, an empty hole round the centre, a sparse edge), every page must still equal the
     * first posts of a scan over all of them, ordered by (distance, id).
     */
    @Test
    void ringsFromTheCentreAnswerExactlyLikeAScanOfEveryPost() {
        Random random = new Random(11);
        List<Post> posts = new ArrayList<>();
        for (int i = 0; i < 400; i++) { // a dense core of about 300 m
            posts.add(post(db, aiko, TOKYO_STATION.latitude() + random.nextGaussian() * 0.0015,
                    TOKYO_STATION.longitude() + random.nextGaussian() * 0.0015));
        }
        for (int i = 0; i < 60; i++) { // a sparse spread to a few km
            posts.add(post(db, aiko, TOKYO_STATION.latitude() + (random.nextDouble() - 0.5) * 0.05,
                    TOKYO_STATION.longitude() + (random.nextDouble() - 0.5) * 0.05));
        }
        GeoPoint hole = GeoPoint.of(TOKYO_STATION.latitude() + 0.012, TOKYO_STATION.longitude()); // 1.3 km north
        List<GeoPoint> centres = new ArrayList<>(List.of(TOKYO_STATION, hole,
                GeoPoint.of(TOKYO_STATION.latitude() - 0.004, TOKYO_STATION.longitude() + 0.004)));
        for (int i = 0; i < 12; i++) {
            centres.add(GeoPoint.of(TOKYO_STATION.latitude() + random.nextGaussian() * 0.005,
                    TOKYO_STATION.longitude() + random.nextGaussian() * 0.005));
        }
        for (GeoPoint centre : centres) {
            for (double radius : new double[] {150, 1000, 3000}) {
                List<String> expected = scanOrder(posts, centre, radius);
                for (int fetch : new int[] {1, 20, 100}) {
                    List<String> paged = new ArrayList<>();
                    String cursor = null;
                    do {
                        Page<NearbyPost> page = db.nearby(centre, radius, fetch, cursor);
                        assertThat(page.items().size()).isLessThanOrEqualTo(fetch);
                        page.items().forEach(n -> paged.add(n.post().id().toString()));
                        cursor = page.nextCursor();
                    } while (cursor != null && paged.size() < 60);
                    assertThat(paged).as("centre %s, radius %s, pages of %s", centre, radius, fetch)
                            .containsExactlyElementsOf(expected.subList(0, Math.min(expected.size(), paged.size())));
                    if (cursor == null) {
                        assertThat(paged).hasSameSizeAs(expected);
                    } else {
                        assertThat(paged).hasSizeGreaterThanOrEqualTo(60);
                    }
                }
            }
        }
    }

    /** The ids of {@code posts} within {@code radius} of {@code centre}, by (distance, id): what a scan of every post answers. */
    private static List<String> scanOrder(List<Post> posts, GeoPoint centre, double radius) {
        return posts.stream()
                .filter(p -> SphericalGeometry.distanceMeters(centre, p.location()) <= radius)
                .sorted(java.util.Comparator.<Post>comparingDouble(
                        p -> SphericalGeometry.distanceMeters(centre, p.location()))
                        .thenComparing(p -> p.id().toString()))
                .map(p -> p.id().toString()).toList();
    }
}
