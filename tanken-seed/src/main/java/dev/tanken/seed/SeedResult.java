package dev.tanken.seed;

import java.time.Duration;

/** What a {@link Seeder} run loaded, and how long it took. */
public record SeedResult(int users, long posts, long likes, long comments, Duration elapsed) {
    /** Posts per second over the whole run (likes and comments included in the time). */
    public double postsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : posts / seconds;
    }
}
