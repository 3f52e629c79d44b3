package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.activity.ActivityChain;
import dev.tanken.activity.ChainBreak;
import dev.tanken.activity.ChainLink;
import dev.tanken.activity.ChainVerification;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.cli.internal.TimeArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tanken activity verify} and {@code tanken activity head}: the hash chains over the activity
 * log, checked, and their heads exported so that a cut-off tail shows.
 */
final class ActivityVerifyCommand {
    /** The largest heads file read: one line per application. */
    private static final long MAX_HEAD_FILE_BYTES = 1 << 20;

    private ActivityVerifyCommand() {
    }

    private static ActivityChain chain(Tanken tanken) {
        return tanken.activity().chain();
    }

    /** {@code tanken activity verify}. */
    @Command(name = "verify", header = "Check that the activity log's hash chains hold.",
            description = {
                "The entries of each application form a hash chain: every entry's hash covers the one before it, "
                    + "so an entry edited, deleted or moved breaks its chain there. Seals the entries not yet sealed, "
                    + "then checks every chain from its start (or from the anchor retention left).",
                "Exits 0 when every chain holds, 1 naming the first broken link of each chain that does not "
                    + "(app, seq, entry id, what is wrong).",
                "--head FILE compares with heads exported earlier by 'tanken activity head --json': a chain that "
                    + "now ends before its exported head lost its tail.",
                "With --json, prints {\"holds\", \"chains\", \"links\", \"breaks\": [{\"app\", \"seq\", \"entryId\", "
                    + "\"problem\"}]}.",
            })
    static final class Verify extends TankenSubcommand {
        @Option(names = "--app", paramLabel = "A", description = "Only the chain of this application.")
        String app;

        @Option(names = "--since", paramLabel = "T", description = "Only the links sealed from this time on "
                + "(ISO-8601, a date in UTC, or a duration ago: 30m, 2d); the link before them is taken as it is.")
        String since;

        @Option(names = "--head", paramLabel = "FILE", description = "Heads exported by 'tanken activity head --json'.")
        Path head;

        @Override
        public Integer call() {
            if (app != null) {
                dev.tanken.activity.ActivityEntry.requireApp(app);
            }
            Instant from = TimeArguments.parse("--since", since);
            List<ChainLink> exported = head == null ? List.of() : readHeads(head);
            ChainVerification v;
            try (Tanken tanken = openTanken()) {
                ActivityChain chain = chain(tanken);
                chain.seal();
                v = chain.verify(app, from, exported);
            }
            if (json()) {
                Json.println(out(), json -> {
                    json.writeStartObject();
                    json.writeBooleanField("holds", v.holds());
                    json.writeNumberField("chains", v.chains());
                    json.writeNumberField("links", v.links());
                    json.writeArrayFieldStart("breaks");
                    for (ChainBreak b : v.breaks()) {
                        json.writeStartObject();
                        json.writeStringField("app", b.app());
                        json.writeNumberField("seq", b.seq());
                        if (b.entryId() == null) {
                            json.writeNullField("entryId");
                        } else {
                            json.writeStringField("entryId", b.entryId().toString());
                        }
                        json.writeStringField("problem", b.problem());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                });
            } else if (v.holds()) {
                out().println("every chain holds: " + v.chains() + (v.chains() == 1 ? " chain, " : " chains, ")
                        + v.links() + (v.links() == 1 ? " link" : " links") + " checked");
                out().flush();
            } else {
                v.breaks().forEach(b -> out().println("BROKEN: " + b));
                out().flush();
            }
            return v.holds() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /** The heads a file written by {@code tanken activity head --json} holds. */
    static List<ChainLink> readHeads(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_HEAD_FILE_BYTES) {
                throw new InvalidInputException("--head " + file + " is larger than " + MAX_HEAD_FILE_BYTES
                        + " bytes; it is not a heads file");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--head " + file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException("--head " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode heads;
        try {
            heads = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new InvalidInputException("--head " + file + " is not JSON (write it with 'tanken activity head "
                    + "--json')");
        }
        if (heads == null || !heads.isArray()) {
            throw new InvalidInputException("--head " + file + " must hold a JSON array of {\"app\", \"seq\", \"hash\"}"
                    + " (as 'tanken activity head --json' writes)");
        }
        List<ChainLink> out = new ArrayList<>();
        for (JsonNode h : heads) {
            if (!h.isObject() || !h.path("app").isTextual() || !h.path("seq").canConvertToExactIntegral()
                    || !h.path("seq").canConvertToLong() || !h.path("hash").isTextual()) {
                throw new InvalidInputException("--head " + file + ": each head is {\"app\": text, \"seq\": integer, "
                        + "\"hash\": text}, got " + h);
            }
            out.add(new ChainLink(h.get("app").textValue(), h.get("seq").longValue(), h.get("hash").textValue()));
        }
        return out;
    }

    /** {@code tanken activity head}. */
    @Command(name = "head", header = "Print the last link of each hash chain, to keep for a later verify --head.",
            description = {
                "Seals the entries not yet sealed, then prints each application's chain head: its seq and hash. Keep "
                    + "the --json output somewhere the database's administrators cannot write; 'tanken activity "
                    + "verify --head FILE' then finds a chain that lost entries from its end.",
                "With --json, prints [{\"app\", \"seq\", \"hash\"}].",
            })
    static final class Head extends TankenSubcommand {
        @Option(names = "--app", paramLabel = "A", description = "Only the chain of this application.")
        String app;

        @Override
        public Integer call() {
            if (app != null) {
                dev.tanken.activity.ActivityEntry.requireApp(app);
            }
            List<ChainLink> heads;
            try (Tanken tanken = openTanken()) {
                ActivityChain chain = chain(tanken);
                chain.seal();
                heads = chain.heads(app);
            }
            printList(heads, HeadView::new, "no chains", list -> {
                TextTable table = new TextTable("APP", "SEQ", "HASH");
                list.forEach(h -> table.add(h.app(), Long.toString(h.seq()), h.hash()));
                return table;
            });
            return ExitCodes.OK;
        }
    }

    private record HeadView(ChainLink head) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("app", head.app());
            json.writeNumberField("seq", head.seq());
            json.writeStringField("hash", head.hash());
            json.writeEndObject();
        }
    }
}
