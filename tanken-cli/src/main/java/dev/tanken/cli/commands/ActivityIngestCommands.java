package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.Tanken;
import dev.tanken.activity.ActivityDeadLetter;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.IngestApp;
import dev.tanken.activity.IngestResult;
import dev.tanken.activity.IngestSchema;
import dev.tanken.activity.NewIngestApp;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.TextTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tanken activity app|schema|dead-letters}: the applications that send entries to the
 * activity log, their contracts, and the entries refused at the boundary.
 */
final class ActivityIngestCommands {
    /** The largest contract file read: a JSON Schema is small, and the log keeps it as one value. */
    private static final int MAX_SCHEMA_BYTES = 64 * 1024;

    private ActivityIngestCommands() {
    }

    static ActivityIngest ingest(Tanken tanken) {
        return tanken.activity().ingest();
    }

    /** {@code tanken activity app ...}. */
    @Command(name = "app", header = "Register the applications that send entries to the activity log.",
            subcommands = {Apps.Add.class, Apps.ListApps.class, Apps.Remove.class,
                ActivityRetentionCommands.SetRetention.class})
    static final class Apps extends CommandGroup {
        Apps() {
            super("add, list, remove or set");
        }

        /** {@code tanken activity app add NAME}. */
        @Command(name = "add", header = "Register an application and print its API key (shown this once).",
                description = "The application sends entries to ActivityService.Append with the header "
                        + "'Authorization: Bearer KEY'. Only the key's SHA-256 is stored: a lost key cannot be shown "
                        + "again (remove the app and add it anew). With --json, prints {\"name\", \"createdAt\", "
                        + "\"key\"}.")
        static final class Add extends TankenSubcommand {
            @Parameters(paramLabel = "NAME", description = "1 to 64 lower-case letters, digits, '-' or '_'.")
            String name;

            @Option(names = "--retention", paramLabel = "DAYSd|forever",
                    description = "How long its entries are kept: e.g. 400d, or forever (the default).")
            String retention;

            @Option(names = "--archive", description = "Archive its entries to the blob store before they are removed.")
            boolean archive;

            @Override
            public Integer call() {
                // Checked before anything is stored: a bad value registers nothing.
                dev.tanken.activity.RetentionPolicy policy = new dev.tanken.activity.RetentionPolicy(name,
                        retention == null ? null : dev.tanken.activity.RetentionPolicy.parseKeepDays(retention), archive);
                NewIngestApp added;
                try (Tanken tanken = openTanken()) {
                    added = ingest(tanken).addApp(name);
                    if (retention != null || archive) {
                        tanken.activity().maintenance().setRetention(policy);
                    }
                }
                printResult(json -> {
                    json.writeStartObject();
                    json.writeStringField("name", added.name());
                    json.writeStringField("createdAt", added.createdAt().toString());
                    json.writeStringField("key", added.key());
                    json.writeEndObject();
                }, "registered app " + added.name() + "; its API key (shown only now, keep it secret):\n"
                        + added.key());
                return ExitCodes.OK;
            }
        }

        /** {@code tanken activity app list}. */
        @Command(name = "list", header = "List the registered applications.",
                description = "With --json, prints a JSON array of {\"name\", \"createdAt\"}.")
        static final class ListApps extends TankenSubcommand {
            @Override
            public Integer call() {
                List<IngestApp> apps;
                try (Tanken tanken = openTanken()) {
                    apps = ingest(tanken).apps();
                }
                printList(apps, AppView::new, "no apps registered", list -> {
                    TextTable table = new TextTable("NAME", "CREATED");
                    list.forEach(a -> table.add(a.name(), TextTable.time(a.createdAt())));
                    return table;
                });
                return ExitCodes.OK;
            }
        }

        /** {@code tanken activity app remove NAME}. */
        @Command(name = "remove", header = "Remove an application: its key stops working, its contracts go.",
                description = "Entries it sent stay in the log. With --json, prints {\"removed\": NAME}.")
        static final class Remove extends TankenSubcommand {
            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                try (Tanken tanken = openTanken()) {
                    if (!ingest(tanken).removeApp(name)) {
                        throw new NotFoundException("no app named '" + name + "' is registered");
                    }
                }
                printResult(json -> {
                    json.writeStartObject();
                    json.writeStringField("removed", name);
                    json.writeEndObject();
                }, "removed app " + name);
                return ExitCodes.OK;
            }
        }
    }

    record AppView(IngestApp app) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("name", app.name());
            json.writeStringField("createdAt", app.createdAt().toString());
            json.writeEndObject();
        }
    }

    /** {@code tanken activity schema ...}. */
    @Command(name = "schema", header = "Set the contract (a JSON Schema) of an application's action.",
            subcommands = {Schemas.Set.class, Schemas.ListSchemas.class, Schemas.Remove.class})
    static final class Schemas extends CommandGroup {
        Schemas() {
            super("set, list or remove");
        }

        /** {@code tanken activity schema set APP ACTION FILE}. */
        @Command(name = "set", header = "Set the JSON Schema an action's payloads must meet.",
                description = "Entries of APP with ACTION whose payload breaks the schema become dead letters "
                        + "(tanken activity dead-letters). The schema is JSON Schema draft 2020-12 unless its "
                        + "$schema names another draft; it is checked before it is stored. FILE '-' reads stdin. "
                        + "With --json, prints {\"app\", \"action\"}.")
        static final class Set extends TankenSubcommand {
            @Parameters(index = "0", paramLabel = "APP")
            String app;

            @Parameters(index = "1", paramLabel = "ACTION")
            String action;

            @Parameters(index = "2", paramLabel = "FILE")
            String file;

            @Override
            public Integer call() {
                String schema = read(file);
                try (Tanken tanken = openTanken()) {
                    ingest(tanken).setSchema(app, action, schema);
                }
                printResult(json -> {
                    json.writeStartObject();
                    json.writeStringField("app", app);
                    json.writeStringField("action", action);
                    json.writeEndObject();
                }, "set the contract of " + app + " " + action);
                return ExitCodes.OK;
            }

            private String read(String name) {
                try {
                    byte[] bytes;
                    if (name.equals("-")) {
                        try (InputStream in = System.in) {
                            bytes = in.readNBytes(MAX_SCHEMA_BYTES + 1);
                        }
                    } else {
                        Path path = Path.of(name);
                        if (Files.size(path) > MAX_SCHEMA_BYTES) {
                            throw new InvalidInputException(name + " is larger than " + MAX_SCHEMA_BYTES + " bytes");
                        }
                        bytes = Files.readAllBytes(path);
                    }
                    if (bytes.length > MAX_SCHEMA_BYTES) {
                        throw new InvalidInputException("the schema is larger than " + MAX_SCHEMA_BYTES + " bytes");
                    }
                    return new String(bytes, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new InvalidInputException("no such file: " + name);
                } catch (IOException e) {
                    throw new InvalidInputException("cannot read " + name + ": " + e.getMessage());
                }
            }
        }

        /** {@code tanken activity schema list}. */
        @Command(name = "list", header = "List the contracts.",
                description = "With --json, prints a JSON array of {\"app\", \"action\", \"updatedAt\", \"schema\"}.")
        static final class ListSchemas extends TankenSubcommand {
            @Override
            public Integer call() {
                List<IngestSchema> schemas;
                try (Tanken tanken = openTanken()) {
                    schemas = ingest(tanken).schemas();
                }
                printList(schemas, SchemaView::new, "no contracts", list -> {
                    TextTable table = new TextTable("APP", "ACTION", "UPDATED", "SCHEMA");
                    list.forEach(s -> table.add(s.app(), s.action(), TextTable.time(s.updatedAt()),
                            TextTable.truncate(s.schema(), 60)));
                    return table;
                });
                return ExitCodes.OK;
            }
        }

        /** {@code tanken activity schema remove APP ACTION}. */
        @Command(name = "remove", header = "Remove a contract: the action's entries are no longer checked.",
                description = "With --json, prints {\"app\", \"action\"}.")
        static final class Remove extends TankenSubcommand {
            @Parameters(index = "0", paramLabel = "APP")
            String app;

            @Parameters(index = "1", paramLabel = "ACTION")
            String action;

            @Override
            public Integer call() {
                try (Tanken tanken = openTanken()) {
                    if (!ingest(tanken).removeSchema(app, action)) {
                        throw new NotFoundException("no contract for " + app + " " + action);
                    }
                }
                printResult(json -> {
                    json.writeStartObject();
                    json.writeStringField("app", app);
                    json.writeStringField("action", action);
                    json.writeEndObject();
                }, "removed the contract of " + app + " " + action);
                return ExitCodes.OK;
            }
        }
    }

    record SchemaView(IngestSchema schema) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("app", schema.app());
            json.writeStringField("action", schema.action());
            json.writeStringField("updatedAt", schema.updatedAt().toString());
            json.writeFieldName("schema");
            json.writeRawValue(schema.schema());
            json.writeEndObject();
        }
    }

    /** {@code tanken activity dead-letters [replay|drop]}. */
    @Command(name = "dead-letters", header = "List the entries refused at the boundary.",
            description = {"Lists, oldest first, the entries from other applications that broke the envelope rules "
                    + "or their action's contract, with the reason. 'replay' sends them through the checks again "
                    + "(after a contract fix), 'drop' deletes them.",
                "",
                "With --json, prints a JSON array of {\"id\", \"app\", \"action\", \"receivedAt\", \"reason\", "
                    + "\"entry\"} (app and action null when the entry named none usable; entry as received)."},
            subcommands = {DeadLetters.Replay.class, DeadLetters.Drop.class})
    static final class DeadLetters extends TankenSubcommand {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most N dead letters (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new InvalidInputException("--limit must be at least 1, got " + limit);
            }
            List<ActivityDeadLetter> letters;
            try (Tanken tanken = openTanken()) {
                letters = ingest(tanken).deadLetters(limit);
            }
            printList(letters, DeadLetterView::new, "no dead letters", list -> {
                TextTable table = new TextTable("ID", "RECEIVED", "APP", "ACTION", "REASON");
                for (ActivityDeadLetter d : list) {
                    table.add(d.id(), TextTable.time(d.receivedAt()), d.app() == null ? "-" : d.app(),
                            d.action() == null ? "-" : d.action(), d.reason());
                }
                return table;
            });
            return ExitCodes.OK;
        }

        /** What replay and drop act on: the ids given, or every dead letter with --all. */
        abstract static class Selection extends TankenSubcommand {
            @Mixin
            DeadLetterIds which;

            /** The ids named; empty for --all, which the ingest path reads as every dead letter. */
            final List<String> selected() {
                return which.named();
            }
        }

        /** {@code tanken activity dead-letters replay}. */
        @Command(name = "replay", header = "Check refused entries again and store those that now pass.",
                description = "Each named dead letter (or --all) goes through the envelope rules and its action's "
                        + "current contract again: one that passes is stored (once, even if it was meanwhile sent "
                        + "again) and leaves the list; one refused again stays with its new reason. Exits 1 when "
                        + "any stays. With --json, prints {\"stored\": N, \"duplicate\": N, \"rejected\": N}.")
        static final class Replay extends Selection {
            @Override
            public Integer call() {
                List<String> which = selected();
                IngestResult r;
                try (Tanken tanken = openTanken()) {
                    r = ingest(tanken).replay(which);
                }
                long stored = r.count(IngestResult.Status.STORED);
                long duplicate = r.count(IngestResult.Status.DUPLICATE);
                long rejected = r.count(IngestResult.Status.REJECTED);
                printResult(json -> {
                    json.writeStartObject();
                    json.writeNumberField("stored", stored);
                    json.writeNumberField("duplicate", duplicate);
                    json.writeNumberField("rejected", rejected);
                    json.writeEndObject();
                }, "replayed " + r.outcomes().size() + " dead letters: " + stored + " stored, " + duplicate
                        + " already stored, " + rejected + " refused again");
                return rejected == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }

        /** {@code tanken activity dead-letters drop}. */
        @Command(name = "drop", header = "Delete refused entries.",
                description = "Deletes the named dead letters (or --all) for good; nothing is deleted when an id is "
                        + "unknown. With --json, prints {\"dropped\": N}.")
        static final class Drop extends Selection {
            @Override
            public Integer call() {
                List<String> which = selected();
                int dropped;
                try (Tanken tanken = openTanken()) {
                    dropped = ingest(tanken).drop(which);
                }
                printResult(json -> {
                    json.writeStartObject();
                    json.writeNumberField("dropped", dropped);
                    json.writeEndObject();
                }, "dropped " + dropped + " dead letters");
                return ExitCodes.OK;
            }
        }
    }

    /** {@code tanken activity append FILE}. */
    @Command(name = "append", header = "Send entries of other applications to the log from a JSON Lines file.",
            description = {"Each line of FILE ('-': stdin) is one entry: {\"id\", \"occurredAt\", \"app\", \"actor\", "
                    + "\"action\", \"subjectType\", \"subjectId\", \"payload\"} (docs/activity.md). They go through the "
                    + "same checks as ActivityService.Append, 1000 to a batch: an entry already stored is counted as a "
                    + "duplicate, one refused becomes a dead letter. Exits 1 when any entry was refused.",
                "",
                "With --json, prints {\"stored\": N, \"duplicate\": N, \"rejected\": N, \"rejections\": [{\"line\", "
                    + "\"reason\", \"deadLetterId\"}]}."})
    static final class Append extends TankenSubcommand {
        @Parameters(paramLabel = "FILE")
        String file;

        @Override
        public Integer call() {
            long[] counts = new long[3];
            List<String[]> rejections = new ArrayList<>();
            try (Tanken tanken = openTanken();
                    java.io.BufferedReader in = file.equals("-")
                            ? new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                            : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                ActivityIngest ingest = ingest(tanken);
                com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                List<com.fasterxml.jackson.databind.JsonNode> batch = new ArrayList<>();
                List<Integer> lines = new ArrayList<>();
                int lineNo = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    com.fasterxml.jackson.databind.JsonNode node;
                    try {
                        node = mapper.readTree(line);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        // Kept as a dead letter like any refused entry: a JSON string holding the line.
                        node = com.fasterxml.jackson.databind.node.TextNode.valueOf(line);
                    }
                    batch.add(node);
                    lines.add(lineNo);
                    if (batch.size() == ActivityIngest.MAX_BATCH) {
                        send(ingest, batch, lines, counts, rejections);
                    }
                }
                if (!batch.isEmpty()) {
                    send(ingest, batch, lines, counts, rejections);
                }
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("no such file: " + file);
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
            }
            if (json()) {
                Json.println(out(), json -> {
                    json.writeStartObject();
                    json.writeNumberField("stored", counts[0]);
                    json.writeNumberField("duplicate", counts[1]);
                    json.writeNumberField("rejected", counts[2]);
                    json.writeArrayFieldStart("rejections");
                    for (String[] r : rejections) {
                        json.writeStartObject();
                        json.writeNumberField("line", Integer.parseInt(r[0]));
                        json.writeStringField("reason", r[1]);
                        json.writeStringField("deadLetterId", r[2]);
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                });
            } else {
                PrintWriter out = out();
                for (String[] r : rejections) {
                    out.println("line " + r[0] + ": refused (dead letter " + r[2] + "): " + r[1]);
                }
                out.println(counts[0] + " stored, " + counts[1] + " already stored, " + counts[2] + " refused");
                out.flush();
            }
            return counts[2] == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }

        private static void send(ActivityIngest ingest, List<com.fasterxml.jackson.databind.JsonNode> batch,
                List<Integer> lines, long[] counts, List<String[]> rejections) {
            IngestResult r = ingest.append(batch);
            for (IngestResult.Outcome o : r.outcomes()) {
                counts[o.status().ordinal()]++;
                if (o.status() == IngestResult.Status.REJECTED) {
                    rejections.add(new String[] {String.valueOf(lines.get(o.index())), o.reason(), o.deadLetterId()});
                }
            }
            batch.clear();
            lines.clear();
        }
    }

    /** {@code tanken activity ingest-worker}. */
    @Command(name = "ingest-worker", header = "Move entries from the Redis ingest stream into the activity log.",
            description = "Reads the stream (default tanken:ingest) in the consumer group activity-writers and sends "
                    + "each batch through the same checks as ActivityService.Append, until stopped (Ctrl-C, SIGTERM); "
                    + "see docs/activity.md for the stream's fields. Run several with different --consumer names to "
                    + "share the work; keep a worker's name across restarts so that it resumes its own unfinished "
                    + "batch at once. With --drain, handles what the stream holds and exits. Prints what it stored "
                    + "when it stops; with --json, {\"stored\": N, \"duplicate\": N, \"rejected\": N} (rejected entries "
                    + "are in tanken activity dead-letters).")
    static final class IngestWorkerCommand extends TankenSubcommand {
        @Option(names = "--redis", paramLabel = "URL", required = true, description = "redis://host:port[/db]")
        String redis;

        @Option(names = "--stream", paramLabel = "KEY", defaultValue = dev.tanken.redis.RedisActivityStream.DEFAULT_INGEST_KEY,
                description = "The stream key (default: ${DEFAULT-VALUE}).")
        String stream;

        @Option(names = "--consumer", paramLabel = "NAME", description = "This worker's name in the group "
                + "(default: ingest- and the host name).")
        String consumer;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
                description = "Entries per batch and transaction, 1 to 1000 (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--drain", description = "Handle the entries the stream holds (and any left pending), then exit.")
        boolean drain;

        @Override
        public Integer call() throws Exception {
            String name = consumer != null ? consumer : "ingest-" + hostName();
            // Draining, nobody else is waited for: what is pending is taken over at once, and no read blocks.
            dev.tanken.redis.ActivityWorker.Options options = new dev.tanken.redis.ActivityWorker.Options(name, batch,
                    drain ? java.time.Duration.ZERO : java.time.Duration.ofSeconds(2),
                    drain ? java.time.Duration.ZERO : java.time.Duration.ofSeconds(60));
            java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
            dev.tanken.redis.IngestWorker.Stats stats;
            try (Tanken tanken = openTanken();
                    dev.tanken.redis.RedisActivityStream s = dev.tanken.redis.RedisActivityStream.openForIngest(redis,
                            stream)) {
                dev.tanken.redis.IngestWorker worker = new dev.tanken.redis.IngestWorker(s, ingest(tanken), options);
                s.ensureGroup();
                if (drain) {
                    while (worker.processBatch() > 0) {
                        // until a read finds nothing
                    }
                    tanken.activity().chain().seal();
                    stats = worker.stats();
                    return printStats(stats);
                }
                for (String signal : new String[] {"TERM", "INT"}) {
                    sun.misc.Signal.handle(new sun.misc.Signal(signal), x -> stop.countDown());
                }
                out().println("reading " + stream + " as " + name + "; Ctrl-C to stop");
                out().flush();
                try (dev.tanken.activity.ChainSealer sealer = dev.tanken.activity.ChainSealer.start(
                        tanken.activity().chain(), java.time.Duration.ofSeconds(1))) {
                    worker.start();
                    stop.await();
                    worker.close();
                }
                stats = worker.stats();
            }
            return printStats(stats);
        }

        private int printStats(dev.tanken.redis.IngestWorker.Stats st) {
            printResult(json -> {
                json.writeStartObject();
                json.writeNumberField("stored", st.stored());
                json.writeNumberField("duplicate", st.duplicates());
                json.writeNumberField("rejected", st.rejected());
                json.writeEndObject();
            }, (drain ? "drained: " : "stopped: ") + st.stored() + " stored, " + st.duplicates() + " already stored, "
                    + st.rejected() + " refused");
            return ExitCodes.OK;
        }

        private static String hostName() {
            try {
                String h = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._:-]", "-");
                return h.length() > 50 ? h.substring(0, 50) : h;
            } catch (java.net.UnknownHostException e) {
                return "local";
            }
        }
    }

    record DeadLetterView(ActivityDeadLetter letter) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("id", letter.id());
            json.writeStringField("app", letter.app());
            json.writeStringField("action", letter.action());
            json.writeStringField("receivedAt", letter.receivedAt().toString());
            json.writeStringField("reason", letter.reason());
            json.writeStringField("entry", letter.entry());
            json.writeEndObject();
        }
    }
}
