package dev.tanken.social;

import dev.tanken.db.DatabaseService;
import dev.tanken.sqlite.SqliteDatabaseService;

/** Social actions on the embedded backend. */
class SqliteSocialTest extends SocialContract {
    @Override
    protected DatabaseService newService() {
        return SqliteDatabaseService.open(dir.resolve("tanken.db"));
    }
}
