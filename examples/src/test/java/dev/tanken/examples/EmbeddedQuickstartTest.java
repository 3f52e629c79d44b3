package dev.tanken.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.db.NearbyPost;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedQuickstartTest {
    @Test
    void uploadsPhotosAndFindsThoseNearTokyoStation(@TempDir Path dir) throws Exception {
        Path near = TestPhotos.writeJpeg(dir, "marunouchi.jpg", 35.6830, 139.7660, 1);
        Path farther = TestPhotos.writeJpeg(dir, "asakusa.jpg", 35.7148, 139.7967, 2);
        Path kyoto = TestPhotos.writeJpeg(dir, "kyoto.jpg", 34.9858, 135.7588, 3);

        List<NearbyPost> found = EmbeddedQuickstart.run(dir.resolve("home"), List.of(near, farther, kyoto));

        assertThat(found).extracting(n -> n.post().caption()).containsExactly("marunouchi.jpg", "asakusa.jpg");
        assertThat(found.get(0).distanceMeters()).isBetween(150.0, 300.0);
    }
}
