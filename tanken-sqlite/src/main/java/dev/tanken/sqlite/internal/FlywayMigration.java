package dev.tanken.sqlite.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Runs Flyway. Kept apart from {@link SqliteSchema} so that Flyway's classes are loaded only when a
 * migration is actually due: Flyway's start-up (plugin discovery, classpath scan) costs hundreds of
 * milliseconds, which the CLI cannot pay on every invocation.
 */
final class FlywayMigration {
    private FlywayMigration() {
    }

    static void migrate(DataSource dataSource, String location) {
        Flyway.configure(FlywayMigration.class.getClassLoader())
                .dataSource(dataSource)
                // Through SLF4J like every other dependency, never Flyway's own console fallback.
                .loggers("slf4j")
                .locations(location)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
