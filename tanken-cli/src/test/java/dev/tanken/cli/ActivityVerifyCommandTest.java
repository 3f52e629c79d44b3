package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken activity verify|head} on an embedded home. */
class ActivityVerifyCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path files;

    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRunner(home);
        ok("user", "add", "mei");
        ok("activity", "app", "add", "billing");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            lines.append("{\"id\":\"inv-").append(i).append("\",\"occurredAt\":\"2025-03-01T09:00:00Z\",\"app\":\"billing\","
                    + "\"actor\":\"alice\",\"action\":\"invoice.paid\",\"subjectType\":\"invoice\",\"subjectId\":\"inv-")
                    .append(i).append("\",\"payload\":{\"amount\":").append(i).append(".50}}\n");
        }
        ok("activity", "append", Files.writeString(files.resolve("entries.jsonl"), lines).toString());
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("tanken.db"));
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private String entryAt(String app, long seq) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("tanken.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT entry_id FROM activity_chain WHERE app = '" + app
                        + "' AND seq = " + seq)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void aCleanLogVerifiesAndAnEditedEntryIsNamedWithExitCode1() throws SQLException {
        assertThat(ok("activity", "verify").out()).contains("every chain holds: 2 chains, 6 links checked");
        JsonNode clean = JsonLines.parse(ok("activity", "verify", "--json").out());
        assertThat(clean.get("holds").asBoolean()).isTrue();
        assertThat(clean.get("breaks")).isEmpty();

        String id = entryAt("billing", 3);
        sql("UPDATE activity_log SET payload = '{\"amount\":300}' WHERE id = '" + id + "'");

        CliRunner.Result r = cli.run("activity", "verify");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN: chain of billing breaks at seq 3 (entry " + id + ")")
                .contains("does not match its hash");
        assertThat(cli.run("activity", "verify", "--app", "tanken").exitCode()).isZero();
        JsonNode broken = JsonLines.parse(cli.run("activity", "verify", "--json").out());
        assertThat(broken.get("holds").asBoolean()).isFalse();
        assertThat(broken.get("breaks").get(0).get("seq").asLong()).isEqualTo(3);
        assertThat(broken.get("breaks").get(0).get("entryId").asText()).isEqualTo(id);
    }

    @Test
    void aTruncatedTailIsFoundWithTheExportedHeads() throws Exception {
        String exported = ok("activity", "head", "--json").out();
        JsonNode heads = JsonLines.parse(exported);
        assertThat(heads).hasSize(2);
        assertThat(heads.get(0).get("app").asText()).isEqualTo("billing");
        assertThat(heads.get(0).get("seq").asLong()).isEqualTo(5);
        assertThat(heads.get(0).get("hash").asText()).hasSize(64);
        assertThat(ok("activity", "head").out()).contains("billing").contains("tanken");
        Path file = Files.writeString(files.resolve("heads.json"), exported);

        sql("DELETE FROM activity_log WHERE id = '" + entryAt("billing", 5) + "'");
        sql("DELETE FROM activity_chain WHERE app = 'billing' AND seq = 5");

        assertThat(cli.run("activity", "verify").exitCode()).isZero();
        CliRunner.Result r = cli.run("activity", "verify", "--head", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("chain of billing").contains("ends at seq 4").contains("truncated");
    }

    @Test
    void badArgumentsExitWith2() throws IOException {
        CliRunner.Result missing = cli.run("activity", "verify", "--head", files.resolve("none.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        Path notHeads = Files.writeString(files.resolve("bad.json"), "{\"app\":\"billing\"}");
        CliRunner.Result bad = cli.run("activity", "verify", "--head", notHeads.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("must hold a JSON array");
        Path badHash = Files.writeString(files.resolve("hash.json"), "[{\"app\":\"billing\",\"seq\":1,\"hash\":\"zz\"}]");
        assertThat(cli.run("activity", "verify", "--head", badHash.toString()).err()).contains("64 lower-case hex");
        assertThat(cli.run("activity", "verify", "--app", "Bad App").exitCode()).isEqualTo(2);
        assertThat(cli.run("activity", "head", "--app", "Bad App").exitCode()).isEqualTo(2);
        assertThat(cli.run("activity", "verify", "--since", "yesterday-ish").exitCode()).isEqualTo(2);
    }
}
