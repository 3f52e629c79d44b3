package dev.tanken.cli.commands;

import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.activity.ActivityLog;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.cli.internal.WhereExpressions;
import dev.tanken.postgres.IndexedPath;
import dev.tanken.postgres.PostgresActivityLog;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tanken activity index add|list|remove}: expression indexes for the payload paths that
 * searches filter by range, NE or EXISTS (PostgreSQL).
 */
@Command(name = "index", header = "Index a payload path for range, NE and EXISTS searches (PostgreSQL).",
        subcommands = {ActivityIndexCommands.Add.class, ActivityIndexCommands.ListPaths.class,
            ActivityIndexCommands.Remove.class})
final class ActivityIndexCommands extends CommandGroup {
    ActivityIndexCommands() {
        super("add, list or remove");
    }

    static PostgresActivityLog postgres(Tanken tanken) {
        ActivityLog log = tanken.activity();
        if (log instanceof PostgresActivityLog pg) {
            return pg;
        }
        throw new InvalidInputException("payload path indexes are for a PostgreSQL activity log (--db postgresql://...);"
                + " this store has none");
    }

    /** PATH in the notation of --where: member names separated by '.', a backslash escaping the next character. */
    static IndexedPath path(String path, String type) {
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException("PATH must name a payload member, e.g. flag.gid");
        }
        return new IndexedPath(WhereExpressions.parse(path + "?").path(), IndexedPath.Type.parse(type));
    }

    private static String dotted(IndexedPath p) {
        return String.join(".", p.path().stream().map(s -> s.replace("\\", "\\\\").replace(".", "\\.")).toList());
    }

    @Command(name = "add", header = "Create the expression index of a payload path (CREATE INDEX CONCURRENTLY).",
            description = {"Searches with a GT, LT, NE or EXISTS condition on PATH then read its matches from the index "
                + "instead of walking the log; without one such a search examines at most 20,000 entries and else "
                + "asks for a narrower time range. Entries keep arriving while the index builds (minutes on a large log).",
                "--type number (default) serves EXISTS, NE and number comparisons; --type text serves string "
                + "comparisons. With --json, prints {\"path\", \"type\", \"created\"}."})
    static final class Add extends TankenSubcommand {
        @Parameters(paramLabel = "PATH", description = "Member names separated by '.', e.g. flag.gid.")
        String path;

        @Option(names = "--type", paramLabel = "T", defaultValue = "number", description = "number or text (default: ${DEFAULT-VALUE}).")
        String type;

        @Override
        public Integer call() {
            IndexedPath p = path(path, type);
            boolean created;
            try (Tanken tanken = openTanken()) {
                created = postgres(tanken).addIndexedPath(p);
            }
            printResult(json -> {
                json.writeStartObject();
                Json.writeStrings(json, "path", p.path());
                json.writeStringField("type", p.type().toString());
                json.writeBooleanField("created", created);
                json.writeEndObject();
            }, (created ? "indexed " : "already indexed: ") + dotted(p) + " (" + p.type() + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", header = "List the indexed payload paths.",
            description = "With --json, prints a JSON array of {\"path\", \"type\"}.")
    static final class ListPaths extends TankenSubcommand {
        @Override
        public Integer call() {
            List<IndexedPath> paths;
            try (Tanken tanken = openTanken()) {
                paths = postgres(tanken).indexedPaths();
            }
            printList(paths, p -> json -> {
                json.writeStartObject();
                Json.writeStrings(json, "path", p.path());
                json.writeStringField("type", p.type().toString());
                json.writeEndObject();
            }, "no payload paths indexed", list -> {
                TextTable table = new TextTable("PATH", "TYPE");
                list.forEach(p -> table.add(dotted(p), p.type().toString()));
                return table;
            });
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", header = "Drop the expression index of a payload path.",
            description = "Exits 1 when the path had no index. With --json, prints {\"removed\": true|false}.")
    static final class Remove extends TankenSubcommand {
        @Parameters(paramLabel = "PATH")
        String path;

        @Option(names = "--type", paramLabel = "T", defaultValue = "number", description = "number or text (default: ${DEFAULT-VALUE}).")
        String type;

        @Override
        public Integer call() {
            IndexedPath p = path(path, type);
            boolean removed;
            try (Tanken tanken = openTanken()) {
                removed = postgres(tanken).removeIndexedPath(p);
            }
            printResult(json -> {
                json.writeStartObject();
                json.writeBooleanField("removed", removed);
                json.writeEndObject();
            }, removed ? "removed the index of " + dotted(p) : "no index on " + dotted(p) + " (" + p.type() + ")");
            return removed ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
