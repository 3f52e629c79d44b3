package dev.tanken.examples;

import dev.tanken.cache.CacheServices;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.db.Write;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Puts the Redis cache tier in front of a database and picks the write policy per call: a post
 * created write-through (in the database and the cache when the call returns), a burst of likes
 * under write-back (each one Redis round trip, none to the database; flushing applies them in
 * batches of up to 500 per database call), bookmarks as one batch, then the exact counters.
 *
 * <p>Run: {@code java dev.tanken.examples.CacheTierWriteBack sqlite:/tmp/t.db redis://127.0.0.1:6379?prefix=demo}
 * (or a {@code postgresql://} URL; {@code redis-cluster://} works the same).
 */
public final class CacheTierWriteBack {
    private CacheTierWriteBack() {
    }

    /**
     * What the run left: the post as the tier shows it after the flush, and the database round trips
     * its writes cost up to the flush (the post, the likes, the bookmarks; creating the users and
     * reading the post back not counted).
     */
    public record Result(Post post, long databaseRoundTrips) {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: CacheTierWriteBack DATABASE_URL REDIS_URL");
            System.exit(2);
        }
        Result r = run(args[0], args[1], 200);
        System.out.printf("post %s: %d likes, %d bookmarks%n", r.post().id(), r.post().likes(), r.post().bookmarks());
        System.out.printf("%d database round trips for 1 post, 200 likes and 20 bookmarks%n", r.databaseRoundTrips());
    }

    public static Result run(String databaseUrl, String cacheUrl, int likes) {
        DatabaseService db = DatabaseServices.open(databaseUrl);
        // No background flusher here, so that the example shows the batching plainly: every write-back
        // like waits in Redis until flush(). A server runs the flusher (withFlusher(true, ...)), which
        // applies what is waiting every 100 ms.
        CacheTierOptions options = CacheTierOptions.DEFAULTS.withDefaultPolicy(WritePolicy.WRITE_THROUGH)
                .withFlusher(false, 500, Duration.ofMillis(100), Duration.ofSeconds(10));
        // owning: closing the tier drains the write-back queue, then closes the cache and the database.
        try (CachingDatabaseService tier = CachingDatabaseService.owning(db, CacheServices.open(cacheUrl), options)) {
            UserRef author = tier.createUser(User.create(uniqueName("aiko"), null)).ref();
            List<UserRef> fans = new ArrayList<>();
            for (int i = 0; i < likes; i++) {
                fans.add(tier.createUser(User.create(uniqueName("fan"), null)).ref());
            }
            long before = tier.stats().databaseRoundTrips();
            Post post = Post.create(author, "Kaminarimon at dusk", picture(), GeoPoint.of(35.7111, 139.7964), null,
                    List.of("asakusa"));
            tier.apply(new Write.CreatePost(post), WritePolicy.WRITE_THROUGH);

            for (UserRef fan : fans) {
                tier.apply(new Write.Like(post.id(), fan.id()), WritePolicy.WRITE_BACK);
            }
            List<Write> bookmarks = fans.subList(0, Math.min(20, fans.size())).stream()
                    .<Write>map(fan -> new Write.Bookmark(post.id(), fan.id())).toList();
            tier.applyAll(bookmarks, WritePolicy.WRITE_THROUGH); // one database transaction

            tier.flush(); // until the database has every write-back like
            long trips = tier.stats().databaseRoundTrips() - before;
            return new Result(tier.findPost(post.id()).orElseThrow(), trips);
        }
    }

    private static String uniqueName(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A picture reference: the tier and the database keep references, the blob store the bytes. */
    private static PictureRef picture() {
        byte[] digest = new byte[32];
        new java.security.SecureRandom().nextBytes(digest); // stands in for the photo's SHA-256
        String sha = HexFormat.of().formatHex(digest);
        return new PictureRef("examples/" + sha, "image/jpeg", sha, 4032, 3024);
    }
}
