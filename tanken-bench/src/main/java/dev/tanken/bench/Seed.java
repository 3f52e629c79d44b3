package dev.tanken.bench;

import dev.tanken.seed.SyntheticPosts;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a database with {@link SyntheticPosts}, for measuring commands such as {@code tanken nearby}
 * on a realistic amount of data:
 *
 * <pre>java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.Seed sqlite:/tmp/home/tanken.db 10000 [SEED]</pre>
 *
 * <p>The same seed gives the same posts (and post ids), so seed an empty database once per seed; the
 * benchmarks use seed 42, like {@link BenchDatabases}.
 */
public final class Seed {
    private Seed() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: Seed DATABASE_URL POSTS [SEED]");
            System.exit(2);
        }
        int posts = Integer.parseInt(args[1]);
        long seed = args.length == 3 ? Long.parseLong(args[2]) : System.nanoTime();
        long started = System.nanoTime();
        try (DatabaseService db = DatabaseServices.open(args[0])) {
            List<UserRef> users = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String name = "bench" + i;
                users.add(db.findUserByName(name).orElseGet(() -> db.createUser(User.create(name, null))).ref());
            }
            SyntheticPosts.generate(seed, posts, users, 5000,
                    batch -> db.applyAll(batch.stream().<Write>map(Write.CreatePost::new).toList()));
            System.out.printf("seeded %,d posts in %.1f s; the database now holds %,d%n", posts,
                    (System.nanoTime() - started) / 1e9, db.countPosts());
        }
    }
}
