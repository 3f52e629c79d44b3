package dev.tanken.activity;

import dev.tanken.db.DatabaseService;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

/** The activity log contract against the real PostgreSQL server, each test in a schema of its own. */
class PostgresActivityLogTest extends ActivityLogContract {
    private PostgresTestDatabase schema;
    private DatabaseService service;

    @Override
    protected DatabaseService newService() {
        schema = PostgresTestDatabase.create();
        service = PostgresDatabaseService.open(schema.urlWith("schema=" + schema.schema() + "&maxPoolSize=2"));
        return service;
    }

    // Runs before the contract's own close: the pool must be closed before its schema is dropped.
    @AfterEach
    void dropSchema() {
        if (service != null) {
            service.close();
        }
        if (schema != null) {
            schema.drop();
        }
    }
}
