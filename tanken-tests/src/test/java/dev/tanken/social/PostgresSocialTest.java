package dev.tanken.social;

import dev.tanken.db.DatabaseService;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

/** Social actions on PostgreSQL, each test in a schema of its own. */
class PostgresSocialTest extends SocialContract {
    private PostgresTestDatabase schema;
    private DatabaseService service;

    @Override
    protected DatabaseService newService() {
        schema = PostgresTestDatabase.create();
        service = PostgresDatabaseService.open(schema.urlWith("schema=" + schema.schema() + "&maxPoolSize=4"));
        return service;
    }

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
