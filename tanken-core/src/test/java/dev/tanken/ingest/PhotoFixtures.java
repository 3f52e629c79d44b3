package dev.tanken.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed fixtures in {@code src/test/resources/photos} and their expected readings from
 * {@code manifest.csv}, both written by {@code scripts/make-photo-fixtures.sh}.
 */
final class PhotoFixtures {

    private PhotoFixtures() {
    }

    /** One manifest row; null fields were empty cells ("absent"). */
    record Fixture(String file, ImageFormat format, Integer width, Integer height, Double latitude,
            Double longitude, Double altitude, LocalDateTime takenLocal, ZoneOffset takenOffset,
            Integer orientation, List<String> errorFragments) {

        Path path() {
            return directory().resolve(file);
        }

        boolean valid() {
            return format != null;
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static Path directory() {
        URL manifest = PhotoFixtures.class.getResource("/photos/manifest.csv");
        if (manifest == null) {
            throw new IllegalStateException("photos/manifest.csv is not on the test class path");
        }
        try {
            return Path.of(manifest.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Fixture> all() {
        List<String> lines;
        try {
            lines = Files.readAllLines(directory().resolve("manifest.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Fixture> fixtures = new ArrayList<>();
        boolean header = true;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split(",", -1);
            if (header) {
                if (!line.equals("file,format,width,height,latitude,longitude,altitude,taken_local,taken_offset,"
                        + "orientation,error")) {
                    throw new IllegalStateException("unexpected manifest header: " + line);
                }
                header = false;
                continue;
            }
            if (c.length != 11) {
                throw new IllegalStateException("manifest row does not have 11 cells: " + line);
            }
            fixtures.add(new Fixture(c[0],
                    c[1].isEmpty() ? null : ImageFormat.valueOf(c[1]),
                    integer(c[2]), integer(c[3]), number(c[4]), number(c[5]), number(c[6]),
                    c[7].isEmpty() ? null : LocalDateTime.parse(c[7]),
                    c[8].isEmpty() ? null : ZoneOffset.of(c[8]),
                    integer(c[9]),
                    c[10].isEmpty() ? List.of() : List.of(c[10].split("\\|"))));
        }
        return fixtures;
    }

    static List<Fixture> valid() {
        return all().stream().filter(Fixture::valid).toList();
    }

    static List<Fixture> rejected() {
        return all().stream().filter(f -> !f.valid()).toList();
    }

    static Fixture named(String file) {
        return all().stream().filter(f -> f.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture " + file));
    }

    private static Integer integer(String s) {
        return s.isEmpty() ? null : Integer.valueOf(s);
    }

    private static Double number(String s) {
        return s.isEmpty() ? null : Double.valueOf(s);
    }
}
