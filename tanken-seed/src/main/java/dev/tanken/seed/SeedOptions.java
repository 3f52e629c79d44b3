package dev.tanken.seed;

import dev.tanken.InvalidInputException;

/**
 * What {@link Seeder} generates.
 *
 * @param posts number of posts
 * @param users number of authors and likers ({@code seed-0} ... ; existing ones are reused)
 * @param seed random seed: the same seed gives the same posts (and post ids), so a seed can be
 *     loaded into one database only once
 * @param citySpread multiplier of every city's spread (1 = the benchmarks' dense cores)
 * @param likesPerPost mean likes per post; counts follow a power law (most posts have none, a few
 *     have hundreds)
 * @param commentsPerPost mean comments per post, power law too
 * @param batchSize posts per database transaction
 */
public record SeedOptions(int posts, int users, long seed, double citySpread, double likesPerPost,
        double commentsPerPost, int batchSize) {

    public SeedOptions {
        if (posts < 0) {
            throw new InvalidInputException("posts must not be negative, got " + posts);
        }
        if (users < 1 || users > 10_000_000) {
            throw new InvalidInputException("users must be between 1 and 10000000, got " + users);
        }
        if (!(citySpread > 0) || citySpread > 1000) {
            throw new InvalidInputException("city spread must be in (0, 1000], got " + citySpread);
        }
        if (!(likesPerPost >= 0) || likesPerPost > 1000 || !(commentsPerPost >= 0) || commentsPerPost > 1000) {
            throw new InvalidInputException("likes and comments per post must be in [0, 1000], got "
                    + likesPerPost + " and " + commentsPerPost);
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new InvalidInputException("batch size must be between 1 and 100000, got " + batchSize);
        }
    }

    public static SeedOptions of(int posts, int users, long seed) {
        return new SeedOptions(posts, users, seed, 1.0, 2.0, 0.3, 5000);
    }

    public SeedOptions withCitySpread(double spread) {
        return new SeedOptions(posts, users, seed, spread, likesPerPost, commentsPerPost, batchSize);
    }

    public SeedOptions withSocial(double likes, double comments) {
        return new SeedOptions(posts, users, seed, citySpread, likes, comments, batchSize);
    }

    public SeedOptions withBatchSize(int size) {
        return new SeedOptions(posts, users, seed, citySpread, likesPerPost, commentsPerPost, size);
    }
}
