package dev.tanken.bench;

import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.postgres.internal.MercatorNearby;
import dev.tanken.postgres.internal.PostgresSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes what pgbench needs to time PostgreSQL's nearby statements alone (no JDBC, no Java): the
 * statements exactly as {@code PostgresDatabaseService} runs them ({@code cube.sql}: the 3-D KNN;
 * {@code mercator.sql}: the Mercator KNN with exact re-ranking; both read the page's full posts), and
 * the nearby query alone ({@code cube-ids.sql}, {@code mercator-ids.sql}: the same statements up to
 * the page of 21 (post id, chord), without reading the posts), each preceded by a look-up of one of
 * {@link NearbyBenchmark}'s 1024 centres of the area with the parameters the service binds for it
 * ({@code centres-AREA.sql} fills the table {@code nearby_centres}; pgbench must run with {@code -M
 * prepared}, which passes {@code area} as a parameter). pgbench's {@code -r} reports
 * the two statements' latencies apart:
 *
 * <pre>java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.NearbySqlInputs /tmp/pgknn 1000
 * psql -d DB -f /tmp/pgknn/centres-dense.sql     # into public, which the search path below ends with
 * PGOPTIONS='-c search_path=SCHEMA,public' pgbench -n -M prepared -r -c 1 -T 30 -D area=dense \
 *     -f /tmp/pgknn/mercator.sql DB</pre>
 */
public final class NearbySqlInputs {
    /** Rows a page of 20 asks for: one more than the page, as the service does. */
    static final int FETCH = 21;
    /** The Mercator candidates the service reads for such a page. */
    static final int MERCATOR_CANDIDATES = FETCH + 2;

    private NearbySqlInputs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: NearbySqlInputs DIRECTORY RADIUS_METERS");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        double radius = Double.parseDouble(args[1]);
        double chord = SphericalGeometry.metersToChord(radius);
        for (String area : new String[] {"dense", "sparse"}) {
            StringBuilder sql = new StringBuilder("""
                    CREATE TABLE IF NOT EXISTS nearby_centres (area text, i int, lat float8, lon float8,
                        chord float8, box float8, stretch float8, reach float8, PRIMARY KEY (area, i));
                    """);
            sql.append("DELETE FROM nearby_centres WHERE area = '").append(area).append("';\n");
            GeoPoint[] centres = NearbyBenchmark.centres(area);
            for (int i = 0; i < centres.length; i++) {
                MercatorNearby m = MercatorNearby.around(centres[i].latitude(), centres[i].longitude(), chord)
                        .orElseThrow(() -> new IllegalStateException("the bench centres are all away from the poles"));
                // %s prints a double's shortest exact decimal form, so psql reads back the same bits.
                sql.append(String.format(Locale.ROOT, "INSERT INTO nearby_centres VALUES ('%s', %d, %s, %s, %s, %s, %s, %s);%n",
                        area, i, centres[i].latitude(), centres[i].longitude(), chord, chord + 1e-12,
                        m.stretch(), m.reach()));
            }
            Files.writeString(dir.resolve("centres-" + area + ".sql"), sql);
        }
        String lookUp = "\\set i random(0, 1023)\n"
                + "SELECT lat, lon, chord, box, stretch, reach FROM nearby_centres WHERE area = :area AND i = :i \\gset\n"
                + "\\set limit " + FETCH + "\n";
        String cube = lookUp + "\\set slack 0.000000000001\n";
        String mercator = lookUp
                + "\\set slack " + String.format(Locale.ROOT, "%.12f", MercatorNearby.SLACK) + "\n";
        Files.writeString(dir.resolve("cube.sql"), cube + PostgresSql.NEARBY_FIRST + ";\n");
        Files.writeString(dir.resolve("cube-ids.sql"), cube + PostgresSql.NEARBY_PAGE_FIRST + ";\n");
        Files.writeString(dir.resolve("mercator.sql"),
                mercator + PostgresSql.nearbyMercator(false, false, FETCH, MERCATOR_CANDIDATES) + ";\n");
        Files.writeString(dir.resolve("mercator-ids.sql"),
                mercator + PostgresSql.nearbyMercatorPage(FETCH, MERCATOR_CANDIDATES) + ";\n");
        System.out.println("wrote centres-dense.sql, centres-sparse.sql, cube.sql, cube-ids.sql, mercator.sql and"
                + " mercator-ids.sql to " + dir);
    }
}
