package dev.tanken.bench;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;

/**
 * Prints how many posts a database holds, for scripts that must tell a seeded benchmark dataset from
 * an empty or partial one (the SQLite file has no client of its own on every machine):
 *
 * <pre>java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.CountPosts sqlite:/tmp/tanken-bench/bench-1000000.db</pre>
 */
public final class CountPosts {
    private CountPosts() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CountPosts DATABASE_URL");
            System.exit(2);
        }
        try (DatabaseService db = DatabaseServices.open(args[0])) {
            System.out.println(db.countPosts());
        }
    }
}
