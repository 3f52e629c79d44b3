package dev.tanken.seed;

import dev.tanken.InvalidInputException;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.seed.internal.PostgresSocialLoader;
import dev.tanken.seed.internal.PowerLaw;
import dev.tanken.seed.internal.SocialLoader;
import dev.tanken.seed.internal.SqliteSocialLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Fills a database with a synthetic dataset fast: posts clustered around city centres
 * ({@link SyntheticPosts}), written in batches through {@link DatabaseService#applyAll} (one
 * transaction each), then per batch their likes and comments, whose counts per post follow a power
 * law, bulk-loaded in one transaction that also sets the posts' counters ({@code COPY} on
 * PostgreSQL, prepared-statement batches on SQLite).
 */
public final class Seeder {
    private static final String[] WORDS = {"great", "light", "view", "morning", "street", "love", "colours", "wow",
        "where", "is", "this", "so", "calm", "busy", "again", "nice"};

    private Seeder() {
    }

    /**
     * Seeds {@code db}, which was opened from {@code databaseUrl} (the bulk loader opens its own
     * connection to it). {@code progress} receives the number of posts of each finished batch.
     */
    public static SeedResult seed(DatabaseService db, String databaseUrl, SeedOptions options, LongConsumer progress) {
        long started = System.nanoTime();
        List<UserRef> users = users(db, options.users());
        long[] counts = new long[3];
        try (SocialLoader loader = loaderFor(databaseUrl)) {
            Random social = new Random(options.seed() * 31 + 7);
            PowerLaw likesLaw = new PowerLaw(options.likesPerPost(), Math.max(0, users.size() - 1));
            PowerLaw commentsLaw = new PowerLaw(options.commentsPerPost(), 10_000);
            SyntheticPosts.generate(options.seed(), options.posts(), users, options.batchSize(), options.citySpread(),
                    batch -> {
                        db.applyAll(batch.stream().<Write>map(Write.CreatePost::new).toList());
                        List<UUID> ids = new ArrayList<>(batch.size());
                        List<SocialLoader.Like> likes = new ArrayList<>();
                        List<SocialLoader.NewComment> comments = new ArrayList<>();
                        for (Post post : batch) {
                            ids.add(post.id().value());
                            addSocial(post, users, likesLaw.next(social), commentsLaw.next(social), social, likes,
                                    comments);
                        }
                        loader.load(ids, likes, comments);
                        counts[0] += batch.size();
                        counts[1] += likes.size();
                        counts[2] += comments.size();
                        progress.accept(batch.size());
                    });
        }
        return new SeedResult(users.size(), counts[0], counts[1], counts[2],
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static List<UserRef> users(DatabaseService db, int count) {
        List<UserRef> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = "seed-" + i;
            users.add(db.findUserByName(name).orElseGet(() -> db.createUser(User.create(name, null))).ref());
        }
        return users;
    }

    /** Likers are distinct users (a run of consecutive ones from a random start); commenters may repeat. */
    private static void addSocial(Post post, List<UserRef> users, int likeCount, int commentCount, Random random,
            List<SocialLoader.Like> likes, List<SocialLoader.NewComment> comments) {
        long base = micros(post) + 60_000_000L;
        int start = random.nextInt(users.size());
        for (int j = 0; j < likeCount; j++) {
            UserRef liker = users.get((start + j) % users.size());
            likes.add(new SocialLoader.Like(post.id().value(), liker.id(), base + j * 1_000_000L));
        }
        for (int j = 0; j < commentCount; j++) {
            UserRef author = users.get(random.nextInt(users.size()));
            long at = base + j * 7_000_000L;
            UUID id = SyntheticPosts.timeOrdered(java.time.Instant.ofEpochSecond(at / 1_000_000), random);
            comments.add(new SocialLoader.NewComment(id, post.id().value(), author.id(), at, text(random)));
        }
    }

    private static long micros(Post post) {
        return post.createdAt().getEpochSecond() * 1_000_000L + post.createdAt().getNano() / 1000;
    }

    private static String text(Random random) {
        int n = 2 + random.nextInt(6);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.toString();
    }

    private static SocialLoader loaderFor(String url) {
        if (url.startsWith("postgresql://") || url.startsWith("postgres://") || url.startsWith("jdbc:postgresql:")) {
            return new PostgresSocialLoader(url);
        }
        if (url.startsWith("sqlite:") || url.startsWith("jdbc:sqlite:")) {
            return new SqliteSocialLoader(Path.of(url.substring(url.indexOf("sqlite:") + "sqlite:".length())));
        }
        throw new InvalidInputException("cannot bulk-load into '" + url + "': use sqlite:PATH or postgresql://...");
    }
}
