package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.cli.internal.Distance;
import dev.tanken.cli.internal.DistanceConverter;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Progress;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.db.DatabaseService;
import dev.tanken.seed.SeedOptions;
import dev.tanken.seed.SeedResult;
import dev.tanken.seed.Seeder;
import dev.tanken.seed.SyntheticPosts;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tanken seed}: a synthetic dataset for benchmarks and demos. */
@Command(name = "seed", header = "Fill the database with synthetic posts, likes and comments.",
        description = {"Posts cluster around nine city centres (Tokyo the densest) with a Gaussian density "
                + "gradient, plus 12%% spread over the globe; likes and comments per post follow a power law. "
                + "Posts go in batches of one transaction each; likes and comments are bulk-loaded (COPY on "
                + "PostgreSQL, batched transactions on SQLite). With a cache configured, the city areas are "
                + "then loaded into it (pipelined).",
            "The same --seed gives the same posts (and ids): load a seed into a database once. With --json, "
                + "prints one object: users, posts, likes, comments, seconds, postsPerSecond, cachedPosts."})
final class SeedCommand extends TankenSubcommand {
    @Option(names = "--posts", required = true, paramLabel = "N", description = "Number of posts.")
    int posts;

    @Option(names = "--users", defaultValue = "1000", paramLabel = "U",
            description = "Number of users (seed-0 ...; existing ones are reused; default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: a new one each run).")
    Long seed;

    @Option(names = "--city-spread", defaultValue = "1", paramLabel = "X",
            description = "Multiplier of every city's spread: 1 = dense cores, 5 = flatter (default: ${DEFAULT-VALUE}).")
    double citySpread;

    @Option(names = "--likes-per-post", defaultValue = "2", paramLabel = "MEAN",
            description = "Mean likes per post, power-law distributed (default: ${DEFAULT-VALUE}).")
    double likesPerPost;

    @Option(names = "--comments-per-post", defaultValue = "0.3", paramLabel = "MEAN",
            description = "Mean comments per post, power-law distributed (default: ${DEFAULT-VALUE}).")
    double commentsPerPost;

    @Option(names = "--batch", defaultValue = "5000", paramLabel = "N",
            description = "Posts per transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--warm-radius", defaultValue = "10km", converter = DistanceConverter.class, paramLabel = "DIST",
            description = "With a cache: radius around each city centre to load into it; 0 to skip "
                    + "(default: ${DEFAULT-VALUE}).")
    Distance warmRadius;

    @Override
    public Integer call() {
        SeedOptions options = new SeedOptions(posts, users, seed != null ? seed : System.nanoTime(), citySpread,
                likesPerPost, commentsPerPost, batch);
        TankenConfig config = config();
        SeedResult result;
        long cached = 0;
        try (Tanken tanken = openTanken()) {
            Optional<CachingDatabaseService> tier = tanken.cache();
            DatabaseService db = tier.<DatabaseService>map(CachingDatabaseService::database).orElse(tanken.database());
            try (Progress progress = Progress.of("seed", posts, environment(), err())) {
                result = Seeder.seed(db, config.databaseUrl(), options, progress::stepBy);
            }
            if (tier.isPresent() && warmRadius.meters() > 0) {
                for (SyntheticPosts.City city : SyntheticPosts.CITIES) {
                    cached += tier.get().warm(city.centre(), warmRadius.meters());
                }
            }
        }
        long c = cached;
        printResult(json -> {
            json.writeStartObject();
            json.writeNumberField("users", result.users());
            json.writeNumberField("posts", result.posts());
            json.writeNumberField("likes", result.likes());
            json.writeNumberField("comments", result.comments());
            json.writeNumberField("seconds", result.elapsed().toMillis() / 1000.0);
            json.writeNumberField("postsPerSecond", Math.round(result.postsPerSecond()));
            json.writeNumberField("cachedPosts", c);
            json.writeEndObject();
        }, String.format("seeded %,d posts, %,d likes and %,d comments by %,d users in %.1f s (%,.0f posts/s)%s",
                result.posts(), result.likes(), result.comments(), result.users(),
                result.elapsed().toMillis() / 1000.0, result.postsPerSecond(),
                cached > 0 ? String.format("; cached %,d posts around the city centres", cached) : ""));
        return ExitCodes.OK;
    }
}
