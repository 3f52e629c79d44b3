package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tanken activity export} and {@code activity --app}: other applications' entries, all of them, as JSONL and CSV. */
class ActivityExportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENTRIES = 5_000;
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    @TempDir
    static Path home;

    @TempDir
    static Path dir;

    static CliRunner cli;

    @BeforeAll
    static void fill() throws IOException {
        cli = new CliRunner(home);
        ok("activity", "app", "add", "billing");
        ok("activity", "app", "add", "shop");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < ENTRIES; i++) {
            // Names and payloads with every character CSV must quote.
            String actor = i % 3 == 0 ? "Ito, \"Ben\"" : "svc:worker-" + (i % 7);
            String payload = "{\"amount\":" + i + ",\"note\":\"line one\\nline \\\"two\\\", three\",\"n\":{\"k\":" + (i % 10)
                    + "}}";
            lines.append(JSON.writeValueAsString(JSON.readTree("{\"id\":\"e" + i + "\",\"app\":\"billing\","
                    + "\"occurredAt\":\"" + T0.plusMillis(i * 1500L) + "\",\"actor\":" + JSON.writeValueAsString(actor)
                    + ",\"action\":\"invoice." + (i % 2 == 0 ? "paid" : "refund.issued") + "\",\"subjectType\":\"invoice\","
                    + "\"subjectId\":\"inv-" + i + "\",\"payload\":" + payload + "}"))).append('\n');
        }
        lines.append("{\"id\":\"s1\",\"app\":\"shop\",\"occurredAt\":\"" + T0 + "\",\"actor\":\"Ito, \\\"Ben\\\"\","
                + "\"action\":\"order.shipped\",\"subjectType\":\"order\",\"subjectId\":\"o-1\"}\n");
        Path file = dir.resolve("entries.jsonl");
        Files.writeString(file, lines);
        ok("activity", "append", file.toString());
    }

    private static CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    /** Every page of {@code activity --json} with these filters, cursor after cursor. */
    private List<JsonNode> searched(String... filters) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            List<String> args = new ArrayList<>(List.of("activity", "--json", "--limit", "1000"));
            args.addAll(List.of(filters));
            if (cursor != null) {
                args.addAll(List.of("--cursor", cursor));
            }
            CliRunner.Result r = ok(args.toArray(String[]::new));
            JsonLines.parse(r.out()).forEach(out::add);
            cursor = r.err().isBlank() ? null : r.err().strip().substring("next cursor: ".length());
        } while (cursor != null);
        return out;
    }

    private static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void aBigExportEqualsTheSearchEntryForEntry() throws IOException {
        List<JsonNode> searched = searched("--app", "billing");
        assertThat(searched).hasSize(ENTRIES);

        CliRunner.Result r = ok("activity", "export", "--app", "billing");

        assertThat(r.err()).as("nothing but the entries on a pipe").isEmpty();
        assertThat(r.out()).endsWith("\n");
        assertThat(jsonLines(r.out())).containsExactlyElementsOf(searched);
    }

    @Test
    void csvIsRfc4180WithThePayloadAsAJsonColumn() throws IOException {
        Path out = dir.resolve("billing.csv");
        CliRunner.Result r = ok("activity", "export", "--format", "csv", "--app", "billing", "-o", out.toString());
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("exported " + ENTRIES + " entries");
        List<List<String>> rows = Csv.parse(Files.readString(out, StandardCharsets.UTF_8));
        assertThat(rows.get(0)).containsExactly("id", "occurredAt", "app", "actor", "action", "subjectType", "subjectId",
                "payload");
        List<JsonNode> searched = searched("--app", "billing");
        assertThat(rows).hasSize(ENTRIES + 1);
        for (int i = 0; i < ENTRIES; i++) {
            List<String> row = rows.get(i + 1);
            JsonNode e = searched.get(i);
            assertThat(row).containsExactly(e.get("id").asText(), e.get("occurredAt").asText(), "billing",
                    e.get("actor").asText(), e.get("action").asText(), "invoice", e.get("subjectId").asText(),
                    row.get(7));
            assertThat(JSON.readTree(row.get(7))).isEqualTo(e.get("payload"));
        }
        assertThat(Files.list(dir)).as("no partial file left").noneMatch(p -> p.toString().endsWith(".partial"));
    }

    @Test
    void theFiltersOfActivityApply() throws IOException {
        String[] filters = {"--actor", "Ito, \"Ben\"", "--action", "invoice.paid", "--where", "amount>4000",
            "--where", "n.k!=0"};
        List<String> args = new ArrayList<>(List.of("activity", "export"));
        args.addAll(List.of(filters));
        List<JsonNode> exported = jsonLines(ok(args.toArray(String[]::new)).out());
        assertThat(exported).isNotEmpty().containsExactlyElementsOf(searched(filters));
        // Without --app, every application's entries; the shop's entry has the same actor.
        assertThat(jsonLines(ok("activity", "export", "--actor", "Ito, \"Ben\"", "--action", "order.shipped").out()))
                .singleElement().satisfies(e -> assertThat(e.get("app").asText()).isEqualTo("shop"));
        assertThat(searched("--app", "shop")).hasSize(1);
        assertThat(searched("--app", "tanken", "--action", "post.like")).isEmpty();
    }

    @Test
    void onATerminalProgressGoesToStderrAndStdoutStaysData() throws IOException {
        CliRunner.Result r = cli.stderrOnTerminal().run("activity", "export", "--app", "shop");
        try {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(jsonLines(r.out())).hasSize(1);
            assertThat(r.err()).contains("export");
        } finally {
            cli = new CliRunner(home);
        }
    }

    @Test
    void badInputIsExitCodeTwoAndLeavesNoFile() {
        Path out = dir.resolve("never.csv");
        assertBad(cli.run("activity", "export", "--format", "xml", "-o", out.toString()), "xml");
        assertBad(cli.run("activity", "export", "--format", "json", "-o", out.toString()), "jsonl or --format csv");
        assertBad(cli.run("activity", "export", "--json"), "jsonl or --format csv");
        assertBad(cli.run("activity", "export", "--where", "amount>=3", "-o", out.toString()), ">=");
        assertBad(cli.run("activity", "export", "--app", "Not An App"), "app must be");
        assertBad(cli.run("activity", "--app", "tanken", "--action", "invoice.paid"), "--action must be one of");
        assertThat(out).doesNotExist();
    }

    private static void assertBad(CliRunner.Result r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("tanken: ").contains(message);
    }

    /** RFC 4180 as a reader sees it: quoted fields may hold commas, quotes ("") and line breaks; rows end in CRLF. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"' && cell.isEmpty()) {
                    i++;
                    while (true) {
                        char q = text.charAt(i++);
                        if (q == '"') {
                            if (i < text.length() && text.charAt(i) == '"') {
                                cell.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            cell.append(q);
                        }
                    }
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    i++;
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i += 2;
                } else {
                    assertThat(c).as("a bare line break or quote outside a quoted field").isNotIn('\r', '\n', '"');
                    cell.append(c);
                    i++;
                }
            }
            assertThat(row).as("the last row ends with CRLF").isEmpty();
            return rows;
        }
    }
}
