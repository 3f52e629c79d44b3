package dev.tanken.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.Tanken;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.User;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension as an application's tests use it. */
class TankenExtensionTest {
    @Nested
    @ExtendWith(TankenExtension.class)
    class DefaultIsSqlite {
        @Test
        void handsOutATankenOnAFreshSqliteFile(Tanken tanken, TestDatabase db) {
            assertThat(db.kind()).isEqualTo(TestDatabase.Kind.SQLITE);
            assertThat(db.url()).startsWith("sqlite:").endsWith("tanken.db");
            assertThat(tanken.database().countPosts()).isZero();
            assertThat(tanken.cache()).isEmpty();
        }
    }

    @Nested
    class WithRedis {
        @RegisterExtension
        final TankenExtension extension = TankenExtension.sqlite().withRedis(WritePolicy.WRITE_BACK);

        @Test
        void putsTheCacheTierInFront(DatabaseService db, TestCache cache) {
            assertThat(extension.tanken().cache()).isPresent();
            assertThat(extension.tanken().cache().orElseThrow().defaultPolicy()).isEqualTo(WritePolicy.WRITE_BACK);
            assertThat(cache.kind()).isEqualTo(TestCache.Kind.REDIS);
            assertThat(cache.url()).startsWith("redis://").contains("prefix=tt-");
            User aiko = db.createUser(User.create("aiko", null));
            assertThat(db.findUserByName("aiko")).contains(aiko);
        }
    }
}
