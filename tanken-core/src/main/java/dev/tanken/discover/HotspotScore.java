package dev.tanken.discover;

import dev.tanken.model.Post;
import java.time.Duration;
import java.time.Instant;

/**
 * The ranking formula of hotspots. For a post {@code p} aged {@code a} (now − created, never
 * negative):
 * <pre>
 *   recency(p)    = 2^(−a / halfLife)                                 halfLife: 30 days by default
 *   engagement(p) = likes + 2·bookmarks + 3·comments
 *   weight(p)     = recency(p) · (1 + log2(1 + engagement(p)))
 *   score(spot)   = Σ over distinct posters u of log2(1 + Σ_{p by u in spot} weight(p))
 * </pre>
 * A fresh post nobody reacted to weighs 1, and one poster with one such post adds exactly 1 to the
 * score. The logarithm per poster is what makes <em>distinct posters</em> dominate raw counts: one
 * person's 50 fresh photos add log2(51) ≈ 5.7, less than six people posting once each; a post that
 * 7 people liked weighs 4, not 8. Comments weigh most because they cost the most effort, bookmarks
 * more than likes because they say "I want to go there". Recency halves a post's weight every
 * half-life, so an active spot overtakes one that was busy months ago.
 */
public final class HotspotScore {
    private HotspotScore() {
    }

    public static double recency(Instant createdAt, Instant now, Duration halfLife) {
        double ageSeconds = Math.max(0, Duration.between(createdAt, now).toMillis() / 1000.0);
        return Math.pow(2, -ageSeconds / (halfLife.toMillis() / 1000.0));
    }

    public static long engagement(Post p) {
        return p.likes() + 2 * p.bookmarks() + 3 * p.comments();
    }

    public static double weight(Post p, Instant now, Duration halfLife) {
        return recency(p.createdAt(), now, halfLife) * (1 + log2(1 + engagement(p)));
    }

    /** One poster's contribution, from the sum of the weights of their posts in the spot. */
    public static double posterContribution(double weightSum) {
        return log2(1 + weightSum);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
