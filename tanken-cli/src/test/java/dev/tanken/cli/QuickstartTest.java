package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README quickstart, {@code tanken import samples && tanken nearby --lat 35.6812 --lon 139.7671
 * --radius 10km}, on the committed sample photos: the captions come from their EXIF ImageDescription
 * (written by scripts/make-photo-fixtures.sh), since the import gives none.
 */
class QuickstartTest {
    /** The samples within 10 km of Tokyo Station, nearest first. */
    private static final List<String> TOKYO = List.of("Tokyo Station, Marunouchi side", "Imperial Palace East Gardens",
            "Tokyo Tower from Shiba Park", "Shinobazu Pond, Ueno Park", "Kaminarimon gate, Asakusa",
            "Shibuya Scramble Crossing");
    private static final List<String> KYOTO = List.of("Kiyomizu-dera, Kyoto", "Fushimi Inari torii, Kyoto");

    @TempDir
    Path home;

    @Test
    void importSamplesThenNearbyListsThemWithTheirCaptions() {
        CliRunner cli = new CliRunner(home);

        CliRunner.Result imported = cli.run("import", samples().toString());
        CliRunner.Result nearby = cli.run("nearby", "--lat", "35.6812", "--lon", "139.7671", "--radius", "10km");

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).containsPattern("created\\s+8");
        assertThat(nearby.exitCode()).as(nearby.toString()).isZero();
        List<String> rows = nearby.outLines().subList(1, nearby.outLines().size());
        assertThat(rows).hasSize(TOKYO.size());
        for (int i = 0; i < TOKYO.size(); i++) {
            assertThat(rows.get(i)).as(nearby.toString()).contains(TOKYO.get(i));
        }
        for (String far : KYOTO) {
            assertThat(nearby.out()).doesNotContain(far);
        }
    }

    /** samples/ at the repository root, found from wherever the build runs the tests. */
    private static Path samples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("samples");
            if (Files.isDirectory(candidate) && Files.exists(dir.resolve("scripts/make-photo-fixtures.sh"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no samples/ directory above " + Path.of("").toAbsolutePath());
    }
}
