package dev.tanken.geocode.internal;

import dev.tanken.StorageException;
import dev.tanken.geocode.Place;
import dev.tanken.model.GeoPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the bundled gazetteer, {@code places.tsv.gz} (written by {@code scripts/make-geodata.sh}):
 * {@code name, admin1, country, latitude, longitude, population} per line, '#' lines are comments.
 */
public final class PlaceTable {
    /** Classpath location of the bundled table. */
    public static final String RESOURCE = "/dev/tanken/geocode/places.tsv.gz";

    private PlaceTable() {
    }

    public static List<Place> loadBundled() {
        InputStream in = PlaceTable.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new StorageException("the place table " + RESOURCE + " is missing from the classpath");
        }
        try (in) {
            return read(in);
        } catch (IOException e) {
            throw new StorageException("cannot read the place table " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static List<Place> read(InputStream gzipped) throws IOException {
        List<Place> places = new ArrayList<>(140_000);
        // Admin areas and country codes repeat thousands of times; share one string per value.
        Map<String, String> shared = new HashMap<>();
        BufferedReader reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(gzipped, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
        String line;
        int lineNumber = 0;
        String[] fields = new String[6];
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            if (split(line, fields) != 6) {
                throw new IOException("line " + lineNumber + " does not have 6 fields");
            }
            try {
                places.add(new Place(fields[0], shared.computeIfAbsent(fields[1], k -> k),
                        shared.computeIfAbsent(fields[2], k -> k),
                        GeoPoint.of(Double.parseDouble(fields[3]), Double.parseDouble(fields[4])),
                        Long.parseLong(fields[5])));
            } catch (RuntimeException e) {
                throw new IOException("line " + lineNumber + " is malformed: " + e.getMessage(), e);
            }
        }
        return places;
    }

    private static int split(String line, String[] fields) {
        int count = 0;
        int start = 0;
        while (count < fields.length) {
            int tab = line.indexOf('\t', start);
            if (tab < 0) {
                fields[count++] = line.substring(start);
                return count;
            }
            fields[count++] = line.substring(start, tab);
            start = tab + 1;
        }
        return count + 1; // more fields than expected
    }
}
