package dev.tanken.seed;

import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A deterministic synthetic dataset: posts clustered around real city centres with a Gaussian
 * spread (dense cores, sparse suburbs), plus a uniform sprinkle over the globe. The same seed gives
 * the same posts, so benchmark runs on different backends see the same data.
 *
 * <p>{@code spread} scales every city's sigma: 1 is the benchmarks' dataset (dense cores), larger
 * values flatten the density gradient. With spread 1 the output is bit-identical to the generator
 * that filled the benchmarks' 1M-post schema, so their ids stay valid.
 */
public final class SyntheticPosts {
    /** City centres with their share of posts; Tokyo is the dense one the benchmarks query. */
    public static final List<City> CITIES = List.of(
            new City("Tokyo", 35.6812, 139.7671, 0.30, 8_000),
            new City("Osaka", 34.7025, 135.4959, 0.10, 6_000),
            new City("Paris", 48.8566, 2.3522, 0.12, 6_000),
            new City("New York", 40.7580, -73.9855, 0.15, 9_000),
            new City("São Paulo", -23.5505, -46.6333, 0.08, 10_000),
            new City("Sydney", -33.8688, 151.2093, 0.07, 9_000),
            new City("Nairobi", -1.2921, 36.8219, 0.03, 8_000),
            new City("Reykjavík", 64.1466, -21.9426, 0.01, 4_000),
            new City("Suva", -18.1248, 178.4501, 0.02, 5_000));

    private static final double UNIFORM_SHARE = 0.12;

    public record City(String name, double latitude, double longitude, double share, double sigmaMeters) {
        public GeoPoint centre() {
            return GeoPoint.of(latitude, longitude);
        }
    }

    private SyntheticPosts() {
    }

    /** Streams {@code count} posts by {@code users} authors to {@code sink} in batches. */
    public static void generate(long seed, int count, List<UserRef> users, int batchSize, Consumer<List<Post>> sink) {
        generate(seed, count, users, batchSize, 1.0, sink);
    }

    /** As {@link #generate(long, int, List, int, Consumer)}, with every city's spread scaled by {@code spread}. */
    public static void generate(long seed, int count, List<UserRef> users, int batchSize, double spread,
            Consumer<List<Post>> sink) {
        if (!(spread > 0) || Double.isInfinite(spread)) {
            throw new dev.tanken.InvalidInputException("city spread must be a positive number, got " + spread);
        }
        if (users.isEmpty()) {
            throw new dev.tanken.InvalidInputException("at least one user is needed to author the posts");
        }
        Random random = new Random(seed);
        HexFormat hex = HexFormat.of();
        List<Post> batch = new ArrayList<>(batchSize);
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            GeoPoint where = location(random, spread);
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            String sha = hex.formatHex(digest);
            UserRef author = users.get((int) Math.min(users.size() - 1, Math.abs(random.nextGaussian()) * users.size() / 3));
            Instant created = start.plusSeconds(i * 30L);
            Post post = new Post(new PostId(timeOrdered(created, random)), created, author, "post " + i,
                    new PictureRef(sha, "image/jpeg", sha, 4032, 3024), where, null, 0, 0, 0, List.of());
            batch.add(post);
            if (batch.size() == batchSize) {
                sink.accept(batch);
                batch = new ArrayList<>(batchSize);
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }

    private static GeoPoint location(Random random, double spread) {
        double pick = random.nextDouble();
        if (pick < UNIFORM_SHARE) {
            double z = random.nextDouble() * 2 - 1; // uniform on the sphere
            return GeoPoint.of(Math.toDegrees(Math.asin(z)), random.nextDouble() * 360 - 180);
        }
        double acc = UNIFORM_SHARE;
        City city = CITIES.get(CITIES.size() - 1);
        for (City c : CITIES) {
            acc += c.share() * (1 - UNIFORM_SHARE) / totalShare();
            if (pick < acc) {
                city = c;
                break;
            }
        }
        double north = random.nextGaussian() * city.sigmaMeters() * spread;
        double east = random.nextGaussian() * city.sigmaMeters() * spread;
        double lat = Math.max(-90, Math.min(90, city.latitude() + Math.toDegrees(north / 6_371_008.8)));
        double lon = city.longitude() + Math.toDegrees(east / (6_371_008.8 * Math.cos(Math.toRadians(lat))));
        lon = ((lon + 540) % 360) - 180;
        return GeoPoint.of(lat, lon);
    }

    private static double totalShare() {
        return CITIES.stream().mapToDouble(City::share).sum();
    }

    /** A UUIDv7 for a given creation time, so synthetic ids sort like real ones. */
    public static UUID timeOrdered(Instant created, Random random) {
        long millis = created.toEpochMilli();
        long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFF);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
