package dev.tanken.sqlite;

import java.nio.file.Path;

/** Run in a child JVM by {@link SqliteDatabaseFileTest}: opens a database and prints its post count. */
public final class OpenAndCount {
    private OpenAndCount() {
    }

    public static void main(String[] args) {
        try (SqliteDatabaseService db = SqliteDatabaseService.open(Path.of(args[0]))) {
            System.out.println("posts=" + db.countPosts());
        }
    }
}
