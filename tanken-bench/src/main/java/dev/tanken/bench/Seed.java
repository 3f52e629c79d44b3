package dev.tanken.bench;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a database with {@link SyntheticPosts}, for measuring commands such as {@code tanken nearby}
 * on a realistic amount of data:
 *
 * <pre>java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.Seed sqlite:/tmp/home/tanken.db 10000</pre>
 */
public final class Seed {
    private Seed() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: Seed DATABASE_URL POSTS");
            System.exit(2);
        }
        int posts = Integer.parseInt(args[1]);
        long started = System.nanoTime();
        try (DatabaseService db = DatabaseServices.open(args[0])) {
            List<UserRef> users = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String name = "seed" + i;
                users.add(db.findUserByName(name).orElseGet(() -> db.createUser(User.create(name, null))).ref());
            }
            SyntheticPosts.generate(System.nanoTime(), posts, users, 5000, db::createPosts);
            System.out.printf("seeded %,d posts in %.1f s; the database now holds %,d%n", posts,
                    (System.nanoTime() - started) / 1e9, db.countPosts());
        }
    }
}
