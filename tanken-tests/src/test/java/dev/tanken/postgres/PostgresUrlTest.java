package dev.tanken.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import dev.tanken.postgres.internal.PostgresUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresUrlTest {

    @Test
    void fullUrl() {
        PostgresUrl u = PostgresUrl.parse("postgresql://kenji:pa%40ss+word@db.example.jp:6543/tanken?schema=prod&maxPoolSize=25");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.jp:6543/tanken");
        assertThat(u.user()).isEqualTo("kenji");
        assertThat(u.password()).isEqualTo("pa@ss+word");
        assertThat(u.schema()).isEqualTo("prod");
        assertThat(u.maxPoolSize()).isEqualTo(25);
        assertThat(u.connectionProperties()).containsOnly(entry("user", "kenji"), entry("password", "pa@ss+word"));
    }

    @Test
    void minimalUrlGetsDefaults() {
        PostgresUrl u = PostgresUrl.parse("postgres://localhost/test");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/test");
        assertThat(u.user()).isNull();
        assertThat(u.password()).isNull();
        assertThat(u.connectionProperties()).isEmpty();
        assertThat(u.schema()).isEqualTo("public");
        assertThat(u.maxPoolSize()).isEqualTo(PostgresUrl.DEFAULT_MAX_POOL_SIZE);
    }

    @Test
    void userWithoutPasswordIpv6HostAndEncodedDatabaseName() {
        PostgresUrl u = PostgresUrl.parse("postgresql://postgres@[::1]:5433/my%20db");
        assertThat(u.user()).isEqualTo("postgres");
        assertThat(u.password()).isNull();
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/my+db");
        // pgjdbc form-decodes the database name, so the encoding must round-trip through it.
        assertThat(org.postgresql.Driver.parseURL(u.jdbcUrl(), null).getProperty("PGDBNAME")).isEqualTo("my db");
    }

    @Test
    void jdbcUrlPassesDriverSettingsThroughAndTakesTankenParametersOut() {
        PostgresUrl u = PostgresUrl.parse(
                "jdbc:postgresql://h1:5432/db?ssl=true&schema=Tenant_1&user=me&maxPoolSize=3&password=x");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432/db?ssl=true&user=me&password=x");
        assertThat(u.schema()).isEqualTo("Tenant_1");
        assertThat(u.maxPoolSize()).isEqualTo(3);
        assertThat(u.user()).isNull();
        assertThat(PostgresUrl.parse("jdbc:postgresql://h1/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h1/db");
    }

    @Test
    void descriptionsNeverShowThePassword() {
        assertThat(PostgresUrl.parse("postgresql://kenji:s3cret@h/db").describe())
                .isEqualTo("postgresql://kenji@h:5432/db (schema public)");
        assertThat(PostgresUrl.parse("jdbc:postgresql://h/db?password=s3cret&user=k").toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://kenji:s3cret@h/db"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").contains("mysql://kenji:***@h/db"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                                  | must not be empty",
        "localhost/test                                      | not a PostgreSQL URL",
        "http://localhost/test                               | not a PostgreSQL URL",
        "postgresql://localhost                              | no database name",
        "postgresql://localhost/                             | no database name",
        "postgresql:///test                                  | no host name",
        "postgresql://:5432/test                             | no host name",
        "postgresql://@localhost/test                        | empty user name",
        "postgresql://local_host!/test                       | invalid host name 'local_host!'",
        "postgresql://h1,h2/test                             | invalid host name",
        "postgresql://[::1/test                              | unclosed '['",
        "postgresql://[zz]/test                              | invalid IPv6 host",
        "postgresql://[::1]x/test                            | unexpected text after the host",
        "postgresql://localhost:0/test                       | port must be a number between 1 and 65535, got '0'",
        "postgresql://localhost:65536/test                   | got '65536'",
        "postgresql://localhost:54x2/test                    | got '54x2'",
        "postgresql://localhost:/test                        | got ''",
        "postgresql://localhost/te/st                        | must not contain '/'",
        "postgresql://localhost/test?schema=1abc             | schema name must be",
        "postgresql://localhost/test?schema=a-b              | got 'a-b'",
        "postgresql://localhost/test?schema=pg_catalog       | reserved",
        "postgresql://localhost/test?schema=                 | schema name must be",
        "postgresql://localhost/test?maxPoolSize=0           | maxPoolSize must be a whole number between 1 and",
        "postgresql://localhost/test?maxPoolSize=ten         | got 'ten'",
        "postgresql://localhost/test?maxPoolSize=100000      | got '100000'",
        "postgresql://localhost/test?sslmode=require         | unknown parameter(s) [sslmode]",
        "postgresql://localhost/test?schema=a&schema=b       | repeats the parameter 'schema'",
        "postgresql://localhost/test?schema                  | must look like name=value",
        "postgresql://localhost/test?schema=a&               | stray '&'",
        "postgresql://u%zz@localhost/test                    | malformed %-escape in the user name",
        "jdbc:postgresql://h/db?currentSchema=x              | instead of 'currentSchema'",
        "jdbc:postgresql://h:99999/db                        | malformed JDBC PostgreSQL URL",
    })
    void malformedUrlsAreRejectedWithTheReason(String url, String reason) {
        assertThatThrownBy(() -> PostgresUrl.parse(url))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> PostgresUrl.parse(null)).isInstanceOf(InvalidInputException.class);
    }
}
