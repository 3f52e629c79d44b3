package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken activity app add|set --retention}, {@code maintain}, {@code archives} and {@code import}. */
class ActivityRetentionCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path files;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home);
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private JsonNode json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        return JsonLines.parse(ok(all.toArray(String[]::new)).out());
    }

    @Test
    void badRetentionValuesAreRefusedWithExitCode2AndRegisterNothing() {
        for (String bad : List.of("400", "0d", "1y", "-5d", "99999999d", "forever!")) {
            CliRunner.Result r = cli.run("activity", "app", "add", "billing", "--retention", bad);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("retention").contains("'" + bad + "'").doesNotContain("Exception");
        }
        assertThat(json("activity", "app", "list")).isEmpty();
        ok("activity", "app", "add", "billing");
        CliRunner.Result r = cli.run("activity", "app", "set", "billing", "--retention", "12 months");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(json("activity", "app", "set", "billing").get("retention").asText()).isEqualTo("forever");
    }

    @Test
    void retentionIsSetAtAddAndChangedBySetForAnAppAndForTankensOwnEntries() {
        ok("activity", "app", "add", "billing", "--retention", "400d");
        JsonNode shown = json("activity", "app", "set", "billing");
        assertThat(shown.get("retention").asText()).isEqualTo("400d");
        assertThat(shown.get("archive").asBoolean()).isFalse();
        JsonNode changed = json("activity", "app", "set", "billing", "--archive");
        assertThat(changed.get("retention").asText()).isEqualTo("400d");
        assertThat(changed.get("archive").asBoolean()).isTrue();
        assertThat(json("activity", "app", "set", "billing", "--retention", "forever", "--no-archive")
                .get("retention").asText()).isEqualTo("forever");
        assertThat(json("activity", "app", "set", "tanken").get("retention").asText()).isEqualTo("forever");
        assertThat(json("activity", "app", "set", "tanken", "--retention", "3650d").get("retention").asText())
                .isEqualTo("3650d");
    }

    @Test
    void maintainArchivesExpiredEntriesAndImportLoadsThemBackOnce() throws IOException {
        ok("activity", "app", "add", "billing", "--retention", "30d");
        Path entries = Files.writeString(files.resolve("e.jsonl"), "{\"id\":\"old-1\",\"occurredAt\":\"2015-03-01T09:00:00Z\","
                + "\"app\":\"billing\",\"actor\":\"alice\",\"action\":\"invoice.paid\",\"subjectType\":\"invoice\","
                + "\"subjectId\":\"inv-1\",\"payload\":{\"amount\":5}}\n");
        ok("activity", "append", entries.toString());

        JsonNode report = json("activity", "maintain", "--archive");
        assertThat(report.get("entriesRemoved").asLong()).isEqualTo(1);
        assertThat(report.get("archived")).hasSize(1);
        assertThat(json("activity", "maintain").get("entriesRemoved").asLong()).isZero();

        JsonNode archives = json("activity", "archives");
        assertThat(archives).hasSize(1);
        assertThat(archives.get(0).get("month").asText()).isEqualTo("2015-03");
        String blob = archives.get(0).get("blob").asText();

        JsonNode first = json("activity", "import", "blob:" + blob);
        assertThat(first.get("stored").asLong()).isEqualTo(1);
        JsonNode second = json("activity", "import", "blob:" + blob);
        assertThat(second.get("stored").asLong()).isZero();
        assertThat(second.get("duplicate").asLong()).isEqualTo(1);
        // The entry is back: the next run removes it again, and its month's archive still holds it once.
        assertThat(json("activity", "maintain", "--archive").get("entriesRemoved").asLong()).isEqualTo(1);
        assertThat(json("activity", "archives").get(0).get("entries").asLong()).isEqualTo(1);

        Path bad = Files.writeString(files.resolve("bad.jsonl"), "{\"entryId\":1}\n");
        CliRunner.Result r = cli.run("activity", "import", bad.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("archive line 1");
        assertThat(cli.run("activity", "import", files.resolve("missing.jsonl").toString()).exitCode()).isEqualTo(2);
    }
}
