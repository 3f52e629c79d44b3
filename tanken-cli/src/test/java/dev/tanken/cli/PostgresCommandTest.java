package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the {@code --db postgresql://...} wiring end to end against the real PostgreSQL on
 * 127.0.0.1:5432, in a schema of its own that is dropped afterwards.
 */
class PostgresCommandTest {
    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    Path home;

    @TempDir
    Path photos;

    final String schema = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(JDBC_URL, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void uploadAndNearbyGoToThePostgresDatabaseTheUrlNames() throws Exception {
        String db = "postgresql://postgres@127.0.0.1:5432/test?schema=" + schema;
        CliRunner cli = new CliRunner(home);
        Path photo = TestPhotos.writeJpeg(photos, "p.jpg", 59.3293, 18.0686, 31);

        CliRunner.Result upload = cli.run("--db", db, "upload", "--user", "sven", "--json", photo.toString());
        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        String id = JsonLines.parse(upload.out()).get("postId").asText();

        CliRunner.Result nearby = cli.run("nearby", "--lat", "59.33", "--lon", "18.07", "--db", db, "--json");
        assertThat(nearby.exitCode()).as(nearby.toString()).isZero();
        JsonNode hits = JsonLines.parse(nearby.out());
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).get("postId").asText()).isEqualTo(id);

        // The post is in PostgreSQL, not in the embedded SQLite store of the same home.
        try (Connection c = DriverManager.getConnection(JDBC_URL, "postgres", null);
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM " + schema + ".posts")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
        CliRunner.Result embedded = cli.run("post", "show", id);
        assertThat(embedded.exitCode()).as(embedded.toString()).isEqualTo(2);

        // The same URL from the environment reaches the same database.
        CliRunner.Result viaEnv = new CliRunner(home).env("TANKEN_DB_URL", db).run("post", "show", id, "--json");
        assertThat(viaEnv.exitCode()).as(viaEnv.toString()).isZero();
        assertThat(JsonLines.parse(viaEnv.out()).get("author").asText()).isEqualTo("sven");
    }
}
