package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackQueue;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.testing.PostgresTestDatabase;
import dev.tanken.testing.RedisTestNamespace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A flusher killed after the database committed a batch and before it acknowledged it: the next
 * flusher takes the batch over and must not apply it again on top of itself. The batch here is what
 * {@link WriteBackKillTest} once caught: like, like again (which changed nothing), unlike, by one
 * user of one post. Applied a second time, the second like, now after the unlike, would add the like
 * again and record an activity entry the first application rightly did not.
 */
class WriteBackRedeliveryTest {

    @Test
    void aBatchCommittedButNotAcknowledgedIsNotAppliedAgainOnTopOfItself() throws Exception {
        try (PostgresTestDatabase schema = PostgresTestDatabase.createMigrated();
                DatabaseService pg = PostgresDatabaseService.open(schema.url());
                PostCacheService cache = CacheServices.open(RedisTestNamespace.url())) {
            UserRef aiko = pg.createUser(User.create("aiko", null)).ref();
            Post post = post(aiko);
            pg.apply(new Write.CreatePost(post, null));
            CachingDatabaseService tier = CachingDatabaseService.using(pg, cache, CacheTierOptions.DEFAULTS
                    .withDefaultPolicy(WritePolicy.WRITE_BACK)
                    .withFlusher(false, 50, Duration.ofMillis(20), Duration.ofMillis(400))
                    .withDrainTimeout(Duration.ofSeconds(30)));
            List<Write> writes = List.of(
                    reaction(true, post.id(), aiko, 1),
                    reaction(true, post.id(), aiko, 2),
                    reaction(false, post.id(), aiko, 3));
            for (Write w : writes) {
                assertThat(tier.apply(w).queued()).isTrue();
            }

            // The flusher that dies: it takes the entries, the database commits them, no acknowledgement.
            List<WriteBackQueue.Entry> taken = cache.writeBackQueue().read("killed-flusher", 50, Duration.ZERO);
            assertThat(taken).hasSize(3);
            pg.applyAll(writes);
            assertThat(seqsOfEntries(schema)).containsExactly(1, 3);

            tier.flush(); // takes the dead flusher's entries over
            tier.close();

            assertThat(cache.writeBackQueue().length()).isZero();
            assertThat(seqsOfEntries(schema)).as("activity entries (the second like changed nothing)")
                    .containsExactly(1, 3);
            assertThat(pg.findPost(post.id()).orElseThrow().likes()).isZero();
            assertThat(likeRows(schema)).isZero();
            cache.deleteNamespace();
        }
    }

    private static Write.Reaction reaction(boolean like, PostId post, UserRef user, int seq) {
        return Write.Reaction.of(like, true, post, user.id(), ActivityEntry.now(user.username(),
                like ? "post.like" : "post.unlike", "post", post.toString(),
                ActivityEntry.newPayload().put("seq", seq)));
    }

    private static Post post(UserRef author) {
        byte[] sha = new byte[32];
        new Random(7).nextBytes(sha);
        String hex = HexFormat.of().formatHex(sha);
        return Post.create(author, "redelivered", new PictureRef(hex, "image/jpeg", hex, 10, 10),
                GeoPoint.of(43.06, 141.35), null, List.of());
    }

    private static List<Integer> seqsOfEntries(PostgresTestDatabase schema) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Connection c = schema.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT (payload->>'seq')::int FROM activity_log WHERE payload ? 'seq'"
                        + " ORDER BY 1")) {
            while (r.next()) {
                out.add(r.getInt(1));
            }
        }
        return out;
    }

    private static int likeRows(PostgresTestDatabase schema) throws Exception {
        try (Connection c = schema.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM likes")) {
            r.next();
            return r.getInt(1);
        }
    }
}
