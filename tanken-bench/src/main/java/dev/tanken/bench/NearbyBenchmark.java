package dev.tanken.bench;

import dev.tanken.seed.SyntheticPosts;

import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
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
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;

/**
 * Nearby search (1 km, 20 results) on each implementation over the same synthetic posts. The
 * "dense" centre is central Tokyo (about 30% of all posts within a few km); "sparse" is a point in
 * the suburbs of a small city.
 *
 * <p>Implementations: the database backends ({@code postgresql}: GiST KNN on the cube index;
 * {@code sqlite}: R*Tree), {@code cached}: the cache tier over PostgreSQL with the area warmed (its
 * partitioned geo index, first radius from the local density, then the posts), and
 * {@code geosearch}: the naive approach, one GEO key holding every post and a 1 km {@code GEOSEARCH
 * ... ASC COUNT 20}, with the posts read through the same cache; {@code earthdistance}: Immich's
 * approach on the same PostgreSQL table ({@link EarthDistanceNearby}). The cached kinds need
 * {@code -Dtanken.bench.redis=redis://host:port} (see {@link BenchCaches}).
 *
 * <pre>java -Dtanken.bench.redis=redis://127.0.0.1:6390 -jar tanken-bench/target/tanken-bench.jar NearbyBenchmark \
 *     -p backend=postgresql,cached,geosearch -p area=dense -p posts=1000000</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class NearbyBenchmark {
    @Param({"postgresql", "sqlite", "cached", "cached-near", "geosearch", "earthdistance"})
    public String backend;

    @Param({"1000000"})
    public int posts;

    @Param({"dense", "sparse"})
    public String area;

    @Param({"1000"})
    public double radiusMeters;

    private DatabaseService db;
    private CachingDatabaseService tier;
    private UnifiedJedis naive;
    private EarthDistanceNearby earth;
    private Function<GeoPoint, Page<NearbyPost>> search;
    private GeoPoint[] centres;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        SyntheticPosts.City city = "dense".equals(area) ? SyntheticPosts.CITIES.get(0) : SyntheticPosts.CITIES.get(7);
        // The cached kinds warm the area they search: Tokyo's centres are spread 0.02° (σ), Reykjavík's 0.05°.
        double warmRadius = "dense".equals(area) ? BenchCaches.WARM_RADIUS_METERS : 25_000;
        db = BenchDatabases.openSeeded(backend.equals("sqlite") ? "sqlite" : "postgresql", posts);
        switch (backend) {
            case "postgresql", "sqlite" -> search = c -> db.nearby(c, radiusMeters, 20, null);
            case "cached" -> {
                tier = BenchCaches.openWarmTier(db, city, warmRadius);
                search = c -> tier.nearby(c, radiusMeters, 20, null);
            }
            case "cached-near" -> {
                // A near cache holding every post of the warmed area: repeated areas cost no round trip.
                tier = BenchCaches.openWarmTier(db, city, warmRadius, 500_000);
                search = c -> tier.nearby(c, radiusMeters, 20, null);
            }
            case "geosearch" -> {
                tier = BenchCaches.openWarmTier(db, city, warmRadius);
                naive = BenchCaches.client();
                BenchCaches.ensureNaiveIndex(naive, posts);
                search = this::naiveSearch;
            }
            case "earthdistance" -> {
                earth = EarthDistanceNearby.open(posts);
                search = c -> earth.nearby(db, c, radiusMeters, 20);
            }
            default -> throw new IllegalArgumentException("unknown backend " + backend);
        }
        centres = centres(area);
    }

    /** The 1024 search centres of an area, the same in every run (and in {@link NearbySqlInputs}). */
    static GeoPoint[] centres(String area) {
        SyntheticPosts.City city = "dense".equals(area) ? SyntheticPosts.CITIES.get(0) : SyntheticPosts.CITIES.get(7);
        Random random = new Random(7);
        GeoPoint[] centres = new GeoPoint[1024];
        for (int i = 0; i < centres.length; i++) {
            double spread = "dense".equals(area) ? 0.02 : 0.05;
            centres[i] = GeoPoint.of(city.latitude() + random.nextGaussian() * spread,
                    city.longitude() + random.nextGaussian() * spread);
        }
        return centres;
    }

    /** One GEOSEARCH over the single key, then the 20 posts from the cache. */
    private Page<NearbyPost> naiveSearch(GeoPoint c) {
        List<GeoRadiusResponse> hits = naive.geosearch(BenchCaches.naiveKey(), GeoSearchParam.geoSearchParam()
                .fromLonLat(c.longitude(), c.latitude()).byRadius(radiusMeters, GeoUnit.M).asc().count(20));
        List<PostId> ids = new ArrayList<>(hits.size());
        for (GeoRadiusResponse h : hits) {
            ids.add(PostId.parse(h.getMemberByString()));
        }
        List<NearbyPost> out = new ArrayList<>(ids.size());
        for (Post p : tier.findPosts(ids)) {
            out.add(new NearbyPost(p, SphericalGeometry.distanceMeters(c, p.location())));
        }
        return new Page<>(out, null);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (tier != null) {
            System.err.println("cache stats: " + tier.stats());
            if (tier.cache() instanceof dev.tanken.cache.NearPostCache near) {
                System.err.println("near cache: " + near.stats());
            }
            tier.cache().close();
        }
        if (naive != null) {
            naive.close();
        }
        if (earth != null) {
            earth.close();
        }
        db.close();
    }

    @Benchmark
    public Page<NearbyPost> nearby20() {
        GeoPoint c = centres[next++ & (centres.length - 1)];
        return search.apply(c);
    }
}
