package dev.tanken.bench;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.db.Page;
import dev.tanken.model.GeoPoint;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nearby search (1 km, 20 results) on each database backend over the same synthetic posts. The
 * "dense" centre is central Tokyo (about 30% of all posts within a few km); "sparse" is a point in
 * the suburbs of a small city.
 *
 * <pre>java -jar tanken-bench/target/tanken-bench.jar NearbyBenchmark -p backend=postgresql -p posts=1000000</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class NearbyBenchmark {
    @Param({"postgresql", "sqlite"})
    public String backend;

    @Param({"1000000"})
    public int posts;

    @Param({"dense", "sparse"})
    public String area;

    @Param({"1000"})
    public double radiusMeters;

    private DatabaseService db;
    private GeoPoint[] centres;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        db = BenchDatabases.openSeeded(backend, posts);
        SyntheticPosts.City city = "dense".equals(area) ? SyntheticPosts.CITIES.get(0) : SyntheticPosts.CITIES.get(7);
        Random random = new Random(7);
        centres = new GeoPoint[1024];
        for (int i = 0; i < centres.length; i++) {
            double spread = "dense".equals(area) ? 0.02 : 0.05;
            centres[i] = GeoPoint.of(city.latitude() + random.nextGaussian() * spread,
                    city.longitude() + random.nextGaussian() * spread);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    @Benchmark
    public Page<NearbyPost> nearby20() {
        GeoPoint c = centres[next++ & (centres.length - 1)];
        return db.nearby(c, radiusMeters, 20, null);
    }
}
