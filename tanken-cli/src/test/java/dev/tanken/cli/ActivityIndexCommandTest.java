package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.postgres.internal.PostgresUrl;
import dev.tanken.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken activity index add|list|remove} on PostgreSQL, and its refusal elsewhere. */
class ActivityIndexCommandTest {
    @TempDir
    Path home;

    /**
     * In a database of the test's own: {@code CREATE INDEX CONCURRENTLY} waits for every older
     * transaction of its database, and the shared test database always has some.
     */
    @Test
    void addListAndRemoveAPathIndex() throws SQLException {
        String database = PostgresTestDatabase.uniqueName("tanken_cli_paths_");
        execute("CREATE DATABASE " + database);
        try {
            String url = PostgresTestDatabase.baseUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/" + database);
            CliRunner cli = new CliRunner(home).env("TANKEN_DB_URL", url);
            JsonNode added = ok(cli, "activity", "index", "add", "flag.gid", "--json");
            assertThat(added.get("path").toString()).isEqualTo("[\"flag\",\"gid\"]");
            assertThat(added.get("type").asText()).isEqualTo("number");
            assertThat(added.get("created").asBoolean()).isTrue();
            assertThat(ok(cli, "activity", "index", "add", "flag.gid", "--json").get("created").asBoolean()).isFalse();
            ok(cli, "activity", "index", "add", "a\\.b.c", "--type", "text", "--json");
            JsonNode listed = ok(cli, "activity", "index", "list", "--json");
            assertThat(listed).hasSize(2);
            assertThat(listed.toString()).contains("{\"path\":[\"flag\",\"gid\"],\"type\":\"number\"}",
                    "{\"path\":[\"a.b\",\"c\"],\"type\":\"text\"}");
            assertThat(cli.run("activity", "index", "list").out()).contains("flag.gid", "a\\.b.c");
            // A search on the indexed path runs from its index, unbounded.
            assertThat(cli.run("activity", "--where", "flag.gid>3").exitCode()).isZero();

            assertThat(ok(cli, "activity", "index", "remove", "flag.gid", "--json").get("removed").asBoolean()).isTrue();
            CliRunner.Result again = cli.run("activity", "index", "remove", "flag.gid");
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
            assertThat(again.out()).contains("no index on flag.gid");
            assertThat(ok(cli, "activity", "index", "list", "--json")).hasSize(1);

            CliRunner.Result badType = cli.run("activity", "index", "add", "x", "--type", "date");
            assertThat(badType.exitCode()).as(badType.toString()).isEqualTo(2);
            assertThat(badType.err()).contains("index type must be number or text");
        } finally {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void execute(String sql) throws SQLException {
        PostgresUrl u = PostgresUrl.parse(PostgresTestDatabase.baseUrl());
        Properties props = u.connectionProperties();
        try (Connection c = DriverManager.getConnection(u.jdbcUrl(), props); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void sqliteHasNoPathIndexes() {
        CliRunner.Result r = new CliRunner(home).run("activity", "index", "add", "flag.gid");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("tanken: ").contains("PostgreSQL").doesNotContain("ActivityLog[");
    }

    private static JsonNode ok(CliRunner cli, String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JsonLines.parse(r.out());
    }
}
