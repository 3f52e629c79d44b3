package dev.tanken.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Where the PostgreSQL server comes from. This machine has no Docker engine, so the Testcontainers
 * way is really tried and really unavailable here.
 */
class TestServersTest {
    @Test
    void withoutUrlAndWithoutDockerTheExtensionFailsNamingBothWays() {
        assertThat(Containers.INSTANCE.unavailableReason()).as("this test needs a machine without Docker").isNotNull();
        TankenExtension extension = TankenExtension.postgres();

        assertThatThrownBy(() -> extension.beforeEach(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No PostgreSQL for tests: set TANKEN_TEST_POSTGRES_URL (or"
                        + " -Dtanken.test.postgres.url) to a server such as postgresql://")
                .hasMessageContaining("or make a Docker engine available with org.testcontainers:postgresql on the"
                        + " test class path")
                .hasMessageContaining("no Docker engine found")
                .hasNoCause();
    }

    @Test
    void aUrlFromTheEnvironmentOrAPropertyWins() {
        Containers never = new Containers() {
            @Override
            String unavailableReason() {
                throw new AssertionError("containers must not be considered when a URL is given");
            }
        };
        assertThat(TestServers.resolvePostgres(name -> name.equals(TestServers.POSTGRES_URL_ENV)
                ? " postgresql://a@h:5432/db " : null, name -> null, never)).isEqualTo("postgresql://a@h:5432/db");
        assertThat(TestServers.resolvePostgres(name -> "postgresql://env@h/db",
                name -> "postgresql://property@h/db", never)).isEqualTo("postgresql://property@h/db");
    }

    @Test
    void aUrlNamingASchemaIsRefused() {
        assertThatThrownBy(() -> TestServers.resolvePostgres(name -> "postgresql://a@h/db?schema=mine", name -> null,
                new Containers()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must not name a schema");
    }

    @Test
    void withDockerAContainerIsStarted() {
        Containers docker = new Containers() {
            @Override
            String unavailableReason() {
                return null;
            }

            @Override
            String startPostgres() {
                return "postgresql://test:test@localhost:32768/test";
            }
        };
        assertThat(TestServers.resolvePostgres(name -> null, name -> null, docker))
                .isEqualTo("postgresql://test:test@localhost:32768/test");
    }
}
