package dev.tanken.postgres;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.DriftContract;
import dev.tanken.testing.PostgresTestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/** The drift cases against the real PostgreSQL server, each test in a schema of its own. */
class PostgresDriftTest extends DriftContract {
    private PostgresTestDatabase schema;
    private DatabaseService service;

    @Override
    protected DatabaseService open(Clock clock) {
        schema = PostgresTestDatabase.create();
        service = PostgresDatabaseService.open(schema.urlWith("schema=" + schema.schema() + "&maxPoolSize=4"), clock);
        return service;
    }

    // Runs before the contract's own close (then a no-op): the pool must be closed before its schema is dropped.
    @AfterEach
    void dropSchema() {
        service.close();
        schema.drop();
    }
}
