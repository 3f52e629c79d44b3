package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.UserRef;
import dev.tanken.seed.SyntheticPosts;
import dev.tanken.testing.PostgresTestDatabase;
import dev.tanken.testing.RedisTestNamespace;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken seed} and {@code tanken bench cache} with tiny workloads on real databases and the shared Redis. */
class BenchCommandsTest {
    @TempDir
    Path home;

    @Test
    void seedLoadsPostsWithLikesAndCommentsMatchingTheirCountersOnSqlite() {
        CliRunner cli = new CliRunner(home);
        CliRunner.Result r = cli.run("seed", "--posts", "400", "--users", "30", "--seed", "7", "--likes-per-post", "3",
                "--batch", "150", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertSeeded(JsonLines.parse(r.out()), "sqlite:" + home.resolve("tanken.db"), 7, 400);

        CliRunner.Result nearby = cli.run("nearby", "--lat", "35.6812", "--lon", "139.7671", "--radius", "20km",
                "--json");
        assertThat(nearby.exitCode()).as(nearby.toString()).isZero();
        assertThat(JsonLines.parse(nearby.out()).size()).isGreaterThan(10);

        CliRunner.Result again = cli.run("seed", "--posts", "10", "--seed", "7");
        assertThat(again.exitCode()).as("the same seed again means the same post ids").isNotZero();
    }

    @Test
    void seedUsesCopyOnPostgresql() {
        try (PostgresTestDatabase pg = PostgresTestDatabase.createMigrated()) {
            CliRunner.Result r = new CliRunner(home).run("seed", "--db", pg.url(), "--posts", "300", "--users", "25",
                    "--seed", "11", "--city-spread", "3", "--json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertSeeded(JsonLines.parse(r.out()), pg.url(), 11, 300);
        }
    }

    private static void assertSeeded(JsonNode result, String url, long seed, int posts) {
        assertThat(result.get("posts").asLong()).isEqualTo(posts);
        assertThat(result.get("likes").asLong()).isPositive();
        List<PostId> ids = new ArrayList<>();
        SyntheticPosts.generate(seed, posts, List.of(new UserRef(new UUID(0, 1), "x")), 1000,
                batch -> batch.forEach(p -> ids.add(p.id())));
        try (DatabaseService db = DatabaseServices.open(url)) {
            List<Post> stored = db.findPosts(ids);
            assertThat(stored).hasSize(posts);
            assertThat(stored.stream().mapToLong(Post::likes).sum()).isEqualTo(result.get("likes").asLong());
            assertThat(stored.stream().mapToLong(Post::comments).sum()).isEqualTo(result.get("comments").asLong());
            // Power law: most posts have few likes, the most liked has many more than the mean.
            long max = stored.stream().mapToLong(Post::likes).max().orElseThrow();
            long zero = stored.stream().filter(p -> p.likes() == 0).count();
            assertThat(max).isGreaterThan(3 * result.get("likes").asLong() / posts);
            assertThat(zero).isGreaterThan(posts / 10);
        }
    }

    @Test
    void benchCacheReportsEveryCombinationAsTableCsvJsonAndChartOnSqlite() throws Exception {
        Path csv = home.resolve("out.csv");
        Path png = home.resolve("out.png");
        CliRunner.Result r = new CliRunner(home).run("bench", "cache", "--cache", RedisTestNamespace.url(),
                "--keys", "200", "--operations", "300", "--warmup", "100", "--capacity", "10%,50%", "--threads", "2",
                "--admission", "lru,tinylfu", "--read-ratio", "0.8", "--csv", csv.toString(), "--chart",
                png.toString(), "--chart-size", "640x300", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode report = JsonLines.parse(r.out());
        JsonNode results = report.get("results");
        assertThat(results).hasSize(2 * 3 * 2);
        for (JsonNode row : results) {
            String what = row.toString();
            long ops = row.get("operations").asLong();
            long reads = row.get("reads").asLong();
            long writes = row.get("writes").asLong();
            long misses = row.get("misses").asLong();
            assertThat(ops).as(what).isEqualTo(300).isEqualTo(reads + writes);
            // Likes look the post up in the cache too (to refresh or patch it), so they count as lookups.
            long postReads = row.get("postReads").asLong();
            assertThat(row.get("hits").asLong() + misses).as(what).isBetween(postReads, postReads + writes);
            assertThat(row.get("hitRatio").asDouble()).as(what).isBetween(0.0, 1.0);
            // Each miss costs at most one query, each like at most two (the like and the counter re-read).
            long trips = row.get("databaseRoundTrips").asLong();
            assertThat(trips).as(what).isBetween(1L, misses + 2 * writes);
            assertThat(row.get("databaseRoundTripsPer1000Ops").asDouble()).as(what)
                    .isCloseTo(trips * 1000.0 / ops, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(row.get("p50Millis").asDouble()).as(what).isPositive()
                    .isLessThanOrEqualTo(row.get("p99Millis").asDouble());
            assertThat(row.get("p99Millis").asDouble()).isLessThanOrEqualTo(row.get("p999Millis").asDouble());
            assertThat(row.get("opsPerSecond").asDouble()).as(what).isPositive();
            assertThat(row.get("capacity").asInt()).isIn(20, 100);
            // The static optimum: every read of a post outside the most popular `capacity` is one trip.
            assertThat(row.get("optimumRoundTripsPer1000Ops").asDouble()).as(what).isCloseTo(
                    1000.0 * reads / ops * (1 - row.get("idealHitRatio").asDouble()),
                    org.assertj.core.data.Offset.offset(1e-9));
            // On the run's own reads: at least the reads outside the optimum's posts, at most every read.
            assertThat(row.get("traceOptimumRoundTripsPer1000Ops").asDouble()).as(what)
                    .isBetween(0.0, 1000.0 * reads / ops);
        }
        assertThat(Files.readAllLines(csv)).hasSize(1 + 12).first().asString().startsWith("policy,admission,capacity");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(300);

        CliRunner.Result table = new CliRunner(home).run("bench", "cache", "--cache", RedisTestNamespace.url(),
                "--keys", "200", "--operations", "50", "--capacity", "20", "--policies", "write-around");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("HIT RATIO").contains("OPTIMUM").contains("TRACE OPTIMUM").contains("write-around")
                .contains("20 (10.0%)");
    }

    @Test
    void readOnlySingleThreadRunsCostExactlyOneQueryPerMissOnPostgresql() {
        try (PostgresTestDatabase pg = PostgresTestDatabase.createMigrated()) {
            CliRunner.Result r = new CliRunner(home).run("bench", "cache", "--db", pg.url(), "--cache",
                    RedisTestNamespace.url(), "--keys", "150", "--operations", "400", "--warmup", "0", "--capacity",
                    "15,150", "--threads", "1", "--read-ratio", "1", "--policies", "write-around", "--zipf", "1.2",
                    "--json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode results = JsonLines.parse(r.out()).get("results");
            assertThat(results).hasSize(2);
            for (JsonNode row : results) {
                assertThat(row.get("databaseRoundTrips").asLong()).as(row.toString())
                        .isEqualTo(row.get("misses").asLong());
                assertThat(row.get("writes").asLong()).isZero();
            }
            // A cache holding every post misses each post at most once; the small one evicts.
            JsonNode all = results.get(1);
            assertThat(all.get("misses").asLong()).isLessThanOrEqualTo(150);
            assertThat(all.get("evictions").asLong()).isZero();
            assertThat(results.get(0).get("evictions").asLong()).isPositive();
        }
    }

    @Test
    void theReadmesBenchCommandRunsAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`tanken (bench cache [^`]*)`").matcher(readme);
        assertThat(m.find()).as("the README shows a bench cache command").isTrue();
        List<String> args = new ArrayList<>(List.of(m.group(1).split(" ")));
        // As written, but on this test's Redis namespace and home, and a smaller workload than a person runs.
        assertThat(args).contains("--cache", "--chart");
        args.set(args.indexOf("--cache") + 1, RedisTestNamespace.url());
        args.set(args.indexOf("--chart") + 1, home.resolve("cache.png").toString());
        args.addAll(List.of("--keys", "100", "--operations", "40", "--warmup", "0"));

        CliRunner.Result r = new CliRunner(home).run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).startsWith("bench cache: 12 combinations, 40 operations each");
        assertThat(ImageIO.read(home.resolve("cache.png").toFile())).isNotNull();
    }

    @Test
    void benchCacheNeedsACacheAndValidSizes() {
        CliRunner cli = new CliRunner(home);
        assertThat(cli.run("bench", "cache", "--keys", "10").err()).contains("needs a Redis");
        CliRunner.Result bad = cli.run("bench", "cache", "--cache", RedisTestNamespace.url(), "--capacity", "0%");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--capacity");
    }
}
