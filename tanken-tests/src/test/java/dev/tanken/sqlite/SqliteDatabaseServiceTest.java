package dev.tanken.sqlite;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServiceContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared contract, on a fresh SQLite file per test. */
class SqliteDatabaseServiceTest extends DatabaseServiceContract {
    @TempDir
    Path dir;

    @Override
    protected DatabaseService newService() {
        return SqliteDatabaseService.open(dir.resolve("tanken.db"));
    }
}
