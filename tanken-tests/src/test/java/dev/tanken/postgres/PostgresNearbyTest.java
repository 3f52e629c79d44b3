package dev.tanken.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Nearby search edge cases that a flat lat/lon box would get wrong. */
class PostgresNearbyTest extends PostgresTestBase {

    private List<PostId> ids(Page<NearbyPost> page) {
        return page.items().stream().map(n -> n.post().id()).toList();
    }

    @Test
    void findsPostsAcrossTheAntimeridian() {
        User u = user("alice");
        Post east = post(u, 10, 179.99);
        post(u, 10, 170);
        GeoPoint centre = GeoPoint.of(10, -179.99);

        Page<NearbyPost> page = service.nearby(centre, 5_000, 10, null);

        assertThat(ids(page)).containsExactly(east.id());
        double expected = SphericalGeometry.distanceMeters(centre, east.location());
        assertThat(expected).isBetween(2_000.0, 2_300.0);
        assertThat(page.items().get(0).distanceMeters()).isCloseTo(expected, within(1e-3));
    }

    @Test
    void findsPostsAroundThePoles() {
        User u = user("alice");
        Post a = post(u, 89.999, 0);
        Post b = post(u, 89.999, 180);
        Post c = post(u, 89.999, -90);
        post(u, 89.99, 45);
        Post south = post(u, -89.9995, 123);

        Page<NearbyPost> north = service.nearby(GeoPoint.of(90, 0), 200, 10, null);
        assertThat(ids(north)).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        assertThat(north.items()).allSatisfy(n -> assertThat(n.distanceMeters()).isCloseTo(111.2, within(0.1)));

        // From one side of the pole the posts on the far side are farther, in order.
        Page<NearbyPost> fromA = service.nearby(a.location(), 300, 10, null);
        assertThat(ids(fromA)).containsExactly(a.id(), c.id(), b.id());

        assertThat(ids(service.nearby(GeoPoint.of(-90, -77), 60, 10, null))).containsExactly(south.id());
    }

    @Test
    void radiusZeroFindsOnlyPostsExactlyAtTheCentre() {
        User u = user("alice");
        Post here = post(u, 35.681236, 139.767125);
        Post alsoHere = post(u, 35.681236, 139.767125);
        post(u, 35.681245, 139.767125);

        Page<NearbyPost> page = service.nearby(GeoPoint.of(35.681236, 139.767125), 0, 10, null);

        assertThat(ids(page)).containsExactlyInAnyOrder(here.id(), alsoHere.id());
        assertThat(page.items()).allSatisfy(n -> assertThat(n.distanceMeters()).isZero());
    }

    @Test
    void pagesThroughPostsInDistanceThenIdOrderIncludingTies() {
        User u = user("alice");
        Random random = new Random(7);
        List<Post> posts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            posts.add(post(u, 48.85 + random.nextGaussian() * 0.01, 2.35 + random.nextGaussian() * 0.01));
        }
        // Several posts at one spot: equal distance, so the id decides and pages must not split them wrongly.
        for (int i = 0; i < 5; i++) {
            posts.add(post(u, 48.851, 2.351));
        }
        post(u, 49.5, 2.35); // ~72 km away, outside the radius
        GeoPoint centre = GeoPoint.of(48.85, 2.35);
        double radius = 3_000;
        List<PostId> expected = posts.stream()
                .filter(p -> SphericalGeometry.distanceMeters(centre, p.location()) <= radius)
                .sorted(Comparator.<Post>comparingDouble(p -> SphericalGeometry.distanceMeters(centre, p.location()))
                        .thenComparing(Post::id))
                .map(Post::id).toList();
        assertThat(expected.size()).isBetween(30, 45);

        List<PostId> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<NearbyPost> page = service.nearby(centre, radius, 4, cursor);
            seen.addAll(ids(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo((expected.size() + 3) / 4);
    }
}
