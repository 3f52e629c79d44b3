package dev.tanken.sqlite;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.DriftContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The drift cases on a fresh SQLite file per test. */
class SqliteDriftTest extends DriftContract {
    @TempDir
    Path dir;

    @Override
    protected DatabaseService open(Clock clock) {
        return SqliteDatabaseService.open(dir.resolve("tanken.db"), clock);
    }
}
