package dev.tanken.bench;

import dev.tanken.seed.SyntheticPosts;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.Write;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a benchmark database by backend name and fills it with {@link SyntheticPosts} once; later
 * runs reuse the data (the fill of 1M posts takes minutes, the benchmark seconds).
 *
 * <p>URLs: {@code -Dtanken.bench.pg=postgresql://...} (default: schema {@code tanken_bench} in the
 * local {@code test} database) and {@code -Dtanken.bench.sqlite=PATH} (default under java.io.tmpdir).
 */
public final class BenchDatabases {
    private BenchDatabases() {
    }

    public static String url(String backend, int posts) {
        return switch (backend) {
            case "postgresql" -> System.getProperty("tanken.bench.pg",
                    "postgresql://postgres@127.0.0.1:5432/test?schema=tanken_bench_" + posts);
            case "sqlite" -> "sqlite:" + System.getProperty("tanken.bench.sqlite",
                    Path.of(System.getProperty("java.io.tmpdir"), "tanken-bench", "bench-" + posts + ".db").toString());
            default -> throw new IllegalArgumentException("unknown backend " + backend + " (postgresql, sqlite)");
        };
    }

    /** Opens the backend and makes sure it holds exactly {@code posts} synthetic posts. */
    public static DatabaseService openSeeded(String backend, int posts) {
        DatabaseService db = DatabaseServices.open(url(backend, posts));
        long have = db.countPosts();
        if (have == posts) {
            return db;
        }
        if (have != 0) {
            db.close();
            throw new IllegalStateException(backend + " bench database holds " + have + " posts, expected 0 or " + posts
                    + "; drop it (" + url(backend, posts) + ") and run again");
        }
        List<UserRef> users = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String name = "bench" + i;
            users.add(db.findUserByName(name).orElseGet(() -> db.createUser(User.create(name, null))).ref());
        }
        long started = System.nanoTime();
        int[] done = {0};
        SyntheticPosts.generate(42, posts, users, 5000, batch -> {
            db.applyAll(batch.stream().<Write>map(Write.CreatePost::new).toList());
            done[0] += batch.size();
            if (done[0] % 100_000 == 0) {
                System.err.printf("seeded %,d/%,d posts into %s (%.0f s)%n", done[0], posts, backend,
                        (System.nanoTime() - started) / 1e9);
            }
        });
        return db;
    }
}
