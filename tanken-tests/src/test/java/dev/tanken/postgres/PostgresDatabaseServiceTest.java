package dev.tanken.postgres;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServiceContract;
import dev.tanken.testing.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The shared contract against the real PostgreSQL server, each test in a schema of its own. */
class PostgresDatabaseServiceTest extends DatabaseServiceContract {
    private final List<PostgresTestDatabase> schemas = new ArrayList<>();
    private final List<DatabaseService> services = new ArrayList<>();

    @Override
    protected DatabaseService newService() {
        PostgresTestDatabase schema = PostgresTestDatabase.create();
        schemas.add(schema);
        DatabaseService service = PostgresDatabaseService.open(schema.urlWith("schema=" + schema.schema()
                + "&maxPoolSize=4"));
        services.add(service);
        return service;
    }

    // Runs before the contract's own close (which is then a no-op): the pool must be closed
    // before its schema is dropped.
    @AfterEach
    void dropSchemas() {
        services.forEach(DatabaseService::close);
        schemas.forEach(PostgresTestDatabase::drop);
    }
}
