package dev.tanken.postgres;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseProvider;
import java.time.Clock;
import java.util.List;

/** Opens {@code postgresql://…} (also {@code postgres://}, {@code jdbc:postgresql:}) for {@link dev.tanken.db.DatabaseServices}. */
public final class PostgresProvider implements DatabaseProvider {
    @Override
    public List<String> prefixes() {
        return List.of("postgresql://", "postgres://", "jdbc:postgresql:");
    }

    @Override
    public DatabaseService open(String url, Clock clock) {
        return PostgresDatabaseService.open(url, clock);
    }
}
