package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code user list} pages through every user, oldest first, on both backends; {@code user show NAME}. */
class UserListShowTest {
    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    Path home;

    private static final List<String> NAMES = List.of("aoi", "ken", "mei", "ren", "sora");

    @Test
    void listPagesThroughEveryUserOnSqlite() {
        pagesThroughEveryUser(new CliRunner(home));
    }

    @Test
    void listPagesThroughEveryUserOnPostgres() throws Exception {
        String schema = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            pagesThroughEveryUser(new CliRunner(home)
                    .env("TANKEN_DB_URL", "postgresql://postgres@127.0.0.1:5432/test?schema=" + schema));
        } finally {
            try (Connection c = DriverManager.getConnection(JDBC_URL, "postgres", null);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void pagesThroughEveryUser(CliRunner cli) {
        CliRunner.Result none = cli.run("user", "list");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.out()).isEqualTo("no users yet\n");
        for (String name : NAMES) {
            CliRunner.Result add = cli.run("user", "add", name, "--email", name + "@example.com");
            assertThat(add.exitCode()).as(add.toString()).isZero();
        }
        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            List<String> args = new ArrayList<>(List.of("user", "list", "--limit", "2", "--format", "jsonl"));
            if (cursor != null) {
                args.addAll(List.of("--cursor", cursor));
            }
            CliRunner.Result page = cli.run(args.toArray(String[]::new));
            assertThat(page.exitCode()).as(page.toString()).isZero();
            cursor = null;
            for (String line : page.outLines()) {
                JsonNode node = JsonLines.parse(line);
                if (node.has("nextCursor")) {
                    cursor = node.get("nextCursor").asText();
                } else {
                    assertThat(UploadCommandTest.fieldNames(node))
                            .containsExactly("id", "username", "email", "createdAt", "defaultLocationPrecision");
                    listed.add(node.get("username").asText());
                }
            }
            pages++;
        } while (cursor != null);
        // Created in this order, listed in this order, each once.
        assertThat(listed).containsExactlyElementsOf(NAMES);
        assertThat(pages).isEqualTo(3);

        CliRunner.Result table = cli.run("user", "list");
        assertThat(table.outLines().get(0)).startsWith("USERNAME");
        assertThat(table.outLines()).hasSize(1 + NAMES.size());
    }

    @Test
    void showPrintsOneUserAndNamesAMissingOne() {
        CliRunner cli = new CliRunner(home);
        cli.run("user", "add", "mei", "--email", "mei@example.com", "--precision", "approximate");
        CliRunner.Result json = cli.run("user", "show", "mei", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode mei = JsonLines.parse(json.out());
        assertThat(mei.get("username").asText()).isEqualTo("mei");
        assertThat(mei.get("email").asText()).isEqualTo("mei@example.com");
        assertThat(mei.get("defaultLocationPrecision").asText()).isEqualTo("approximate");

        CliRunner.Result table = cli.run("user", "show", "mei");
        assertThat(table.out()).contains("mei@example.com", "approximate", mei.get("id").asText());

        CliRunner.Result ghost = cli.run("user", "show", "ghost");
        assertThat(ghost.exitCode()).isEqualTo(2);
        assertThat(ghost.err()).isEqualTo("tanken: no user named 'ghost'; see 'tanken user list'\n");
        // Reading created nobody.
        assertThat(cli.run("user", "list", "--json").out()).doesNotContain("ghost");

        CliRunner.Result badCursor = cli.run("user", "list", "--cursor", "garbage");
        assertThat(badCursor.exitCode()).isEqualTo(2);
    }
}
