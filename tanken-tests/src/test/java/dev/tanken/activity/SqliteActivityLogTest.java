package dev.tanken.activity;

import dev.tanken.db.DatabaseService;
import dev.tanken.sqlite.SqliteDatabaseService;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The activity log contract on a fresh SQLite file per test. */
class SqliteActivityLogTest extends ActivityLogContract {
    @TempDir
    Path dir;

    @Override
    protected DatabaseService newService() {
        return SqliteDatabaseService.open(dir.resolve("tanken.db"));
    }
}
