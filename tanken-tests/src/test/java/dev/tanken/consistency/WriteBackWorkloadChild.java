package dev.tanken.consistency;

import dev.tanken.TankenException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.Applied;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.UserRef;
import dev.tanken.postgres.PostgresDatabaseService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The process {@link WriteBackKillTest} kills at a random moment: a mixed write-back workload
 * (creates, likes, unlikes, bookmarks, unbookmarks, comments, deletes, repeated deletes, reads that
 * fill the cache) with its flusher applying small batches in the background. Each write carries
 * its activity entry, tagged with the run and the write's sequence number, as the facade's do.
 *
 * <p>Prints {@code READY}, then for each write {@code SEND seq op post user} before it and
 * {@code ACK seq} once it was acknowledged ({@code NO seq} when it was refused at once).
 *
 * <p>Arguments: database URL, cache URL, run number, random seed, user ids (comma-separated).
 */
public final class WriteBackWorkloadChild {
    private WriteBackWorkloadChild() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true);
        DatabaseService pg = PostgresDatabaseService.open(args[0]);
        PostCacheService cache = CacheServices.open(args[1]);
        int run = Integer.parseInt(args[2]);
        Random random = new Random(Long.parseLong(args[3]));
        List<UserRef> users = new ArrayList<>();
        for (String id : args[4].split(",")) {
            users.add(pg.findUser(UUID.fromString(id)).orElseThrow().ref());
        }
        CacheTierOptions options = CacheTierOptions.DEFAULTS.withDefaultPolicy(WritePolicy.WRITE_BACK)
                .withFlusher(true, 6, Duration.ofMillis(5), Duration.ofMillis(400));
        CachingDatabaseService tier = CachingDatabaseService.using(pg, cache, options);
        List<PostId> posts = new ArrayList<>();
        for (UserRef u : users) {
            pg.postsByUser(u.id(), 200, null).items().forEach(p -> posts.add(p.id()));
        }
        out.println("READY");
        for (int seq = 0; ; seq++) {
            UserRef user = users.get(random.nextInt(users.size()));
            int dice = random.nextInt(100);
            if (posts.isEmpty() || dice < 15) {
                Post p = newPost(user, random);
                write(out, tier, seq, "create", p.id(), user, new Write.CreatePost(p, entry(run, seq, user,
                        "post.create", p.id())));
                posts.add(p.id());
                continue;
            }
            PostId post = posts.get(random.nextInt(posts.size()));
            if (dice < 65) {
                String op = List.of("like", "unlike", "bookmark", "unbookmark").get(random.nextInt(4));
                Write.Reaction r = Write.Reaction.of(!op.startsWith("un"), op.endsWith("like"), post, user.id(),
                        entry(run, seq, user, "post." + op, post));
                write(out, tier, seq, op, post, user, r);
            } else if (dice < 75) {
                Comment c = Comment.create(post, user, "c" + seq);
                write(out, tier, seq, "comment", post, user, new Write.AddComment(c, entry(run, seq, user,
                        "post.comment", post)));
            } else if (dice < 82) {
                write(out, tier, seq, "delete", post, user, new Write.DeletePost(post, entry(run, seq, user,
                        "post.delete", post)));
            } else {
                try {
                    tier.findPost(post);
                } catch (TankenException e) {
                    // a read that fails changes nothing
                }
            }
        }
    }

    private static void write(PrintStream out, CachingDatabaseService tier, int seq, String op, PostId post,
            UserRef user, Write write) {
        out.println("SEND " + seq + " " + op + " " + post + " " + user.id());
        Applied applied;
        try {
            applied = tier.apply(write);
        } catch (TankenException refused) {
            out.println("NO " + seq + " " + refused.getClass().getSimpleName() + ": " + refused.getMessage());
            return;
        }
        out.println((applied.queued() || applied.changed() ? "ACK " : "NO ") + seq);
    }

    private static ActivityEntry entry(int run, int seq, UserRef user, String action, PostId post) {
        return ActivityEntry.now(user.username(), action, "post", post.toString(),
                ActivityEntry.newPayload().put("run", run).put("seq", seq).put("user", user.id().toString()));
    }

    private static Post newPost(UserRef author, Random random) {
        byte[] sha = new byte[32];
        random.nextBytes(sha);
        String hex = HexFormat.of().formatHex(sha);
        return Post.create(author, "kill", new PictureRef(hex, "image/jpeg", hex, 10, 10),
                GeoPoint.of(43.06 + random.nextInt(1000) * 1e-4, 141.35), null, List.of());
    }
}
