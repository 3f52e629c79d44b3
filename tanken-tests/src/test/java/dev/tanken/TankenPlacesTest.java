package dev.tanken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.discover.Hotspot;
import dev.tanken.geocode.PostPlace;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.User;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.testing.TestPhotos;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Place names and hotspots through the facade, on the embedded backends. */
class TankenPlacesTest {
    @TempDir
    Path dir;

    SqliteDatabaseService db;
    Tanken tanken;

    @BeforeEach
    void open() {
        db = SqliteDatabaseService.open(dir.resolve("tanken.db"));
        tanken = Tanken.using(db, new FileSystemBlobStore(dir.resolve("blobs")), null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Post upload(String user, double lat, double lon, int seed) {
        return tanken.upload(TestPhotos.jpeg(lat, lon, seed), UploadOptions.by(user)).post();
    }

    @Test
    void aPostIsNamedByTheGazetteerUntilItsAuthorNamesIt() {
        Post p = upload("aiko", 35.6812, 139.7671, 1);

        PostPlace place = tanken.place(p.id(), null).orElseThrow();
        assertThat(place.name()).isEqualTo("Tokyo, Japan");
        assertThat(place.chosenByAuthor()).isFalse();

        PostPlace renamed = tanken.setPlaceName("aiko", p.id(), " Tokyo Station ");
        assertThat(renamed.name()).isEqualTo("Tokyo Station");
        assertThat(renamed.chosenByAuthor()).isTrue();
        assertThat(renamed.gazetteer().place().name()).isEqualTo("Tokyo");
        assertThat(tanken.place(p.id(), null).orElseThrow()).isEqualTo(renamed);

        assertThat(tanken.setPlaceName("aiko", p.id(), "").name()).isEqualTo("Tokyo, Japan");
        assertThat(tanken.places(List.of(p)).get(p.id()).chosenByAuthor()).isFalse();
    }

    @Test
    void onlyTheAuthorMayNameThePlace() {
        Post p = upload("aiko", 35.6812, 139.7671, 2);
        tanken.user("ben");

        assertThatThrownBy(() -> tanken.setPlaceName("ben", p.id(), "Mine"))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("aiko");
        assertThatThrownBy(() -> tanken.setPlaceName("aiko", PostId.newId(), "X")).isInstanceOf(NotFoundException.class);
        assertThat(tanken.place(p.id(), null).orElseThrow().chosenByAuthor()).isFalse();
        assertThat(tanken.place(PostId.newId(), null)).isEmpty();
    }

    @Test
    void aHiddenPostHasNoPlaceForOthersNotEvenTheChosenOne() {
        Post p = tanken.upload(TestPhotos.jpeg(35.6812, 139.7671, 5),
                UploadOptions.by("aiko").withPrecision(LocationPrecision.HIDDEN)).post();
        tanken.setPlaceName("aiko", p.id(), "Home");
        User ben = tanken.user("ben");

        assertThat(tanken.place(p.id(), ben.id()).orElseThrow().name()).isNull();
        assertThat(tanken.place(p.id(), null).orElseThrow().gazetteer()).isNull();
        assertThat(tanken.place(p.id(), p.author().id()).orElseThrow().name()).isEqualTo("Home");
    }

    @Test
    void exploreFindsTheUploadedSpot() {
        upload("aiko", 35.7148, 139.7967, 3);
        upload("ben", 35.7149, 139.7966, 4);

        List<Hotspot> spots = tanken.explore(GeoPoint.of(35.71, 139.79), 3_000, 5, null).hotspots();

        assertThat(spots).hasSize(1);
        assertThat(spots.get(0).posters()).isEqualTo(2);
        assertThat(spots.get(0).placeName()).isEqualTo("Tokyo, Japan");
    }
}
