package dev.tanken.cli.commands;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.Tanken;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.PayloadCondition;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.GlobalOptions;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.LocalPaths;
import dev.tanken.cli.internal.Progress;
import dev.tanken.cli.internal.SocialViews;
import dev.tanken.cli.internal.TimeArguments;
import dev.tanken.cli.internal.WhereExpressions;
import dev.tanken.model.Page;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tanken activity export}: every entry a search finds, as JSON Lines or CSV, page after page
 * (keyset pages of {@value #PAGE} entries), so that memory stays the same whatever the size.
 */
@Command(name = "export",
        sortOptions = false,
        header = "Write every entry the filters find, newest first, as JSON Lines or CSV.",
        description = {
            "Takes the filters of 'tanken activity' and writes all matching entries, however many: "
                + "--format jsonl (default; one object per line, the fields of 'activity --json') or --format csv "
                + "(RFC 4180: a header line, then id,occurredAt,app,actor,action,subjectType,subjectId,payload with "
                + "the payload as a JSON text column; lines end with CRLF).",
            "With -o FILE the file appears only when the export is complete (written beside it, then renamed); "
                + "a failed export leaves no file. On a terminal a progress line is drawn on stderr; on a pipe "
                + "nothing but the entries is written.",
        })
final class ActivityExportCommand extends TankenSubcommand {
    /** Entries per search: the largest page, the fewest round trips. */
    static final int PAGE = Page.MAX_LIMIT;
    static final String CSV_HEADER = "id,occurredAt,app,actor,action,subjectType,subjectId,payload";

    @Option(names = "--app", paramLabel = "A", description = "Entries of this application only (tanken: Tanken's own).")
    String app;

    @Option(names = "--actor", paramLabel = "U", description = "Who acted, as the application names them.")
    String actor;

    @Option(names = "--action", paramLabel = "A", description = "What was done, e.g. post.like or invoice.paid.")
    String action;

    @Option(names = "--subject", paramLabel = "ID", description = "The id of the object acted on.")
    String subject;

    @Option(names = "--subject-type", paramLabel = "T", description = "What the subject is.")
    String subjectType;

    @Option(names = "--since", paramLabel = "T", description = "From this time on (the forms of 'activity --since').")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "Before this time.")
    String until;

    @Option(names = "--where", paramLabel = "EXPR", description = "A payload condition (repeatable), as for 'activity'.")
    List<String> where = new ArrayList<>();

    @Option(names = "--where-json", paramLabel = "JSON", description = "A payload condition as JSON (repeatable).")
    List<String> whereJson = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        GlobalOptions.Format format = global().format();
        // Without --format the global default, table, stands for export's own default, jsonl.
        if (format != GlobalOptions.Format.JSONL && format != GlobalOptions.Format.CSV
                && (format != GlobalOptions.Format.TABLE || global().formatGiven())) {
            throw usageError("export writes --format jsonl or --format csv, not "
                    + format.name().toLowerCase(java.util.Locale.ROOT));
        }
        boolean csv = format == GlobalOptions.Format.CSV;
        ActivityQuery query = ActivityQuery.newestFirst(PAGE)
                .withApp(app)
                .withActor(actor)
                .withAction(action)
                .withSubject(subjectType, subject)
                .withSince(TimeArguments.parse("--since", since))
                .withUntil(TimeArguments.parse("--until", until));
        for (String expression : where) {
            query = query.where(WhereExpressions.parse(expression));
        }
        for (String json : whereJson) {
            query = query.where(PayloadCondition.fromJson(json));
        }
        try (Tanken tanken = openTanken()) {
            if (output == null) {
                export(tanken, query, out(), csv);
                out().flush();
                return ExitCodes.OK;
            }
            return toFile(tanken, query, csv);
        }
    }

    private int toFile(Tanken tanken, ActivityQuery query, boolean csv) {
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.isDirectory(target)) {
            throw new InvalidInputException("-o takes a file, and " + output + " is a directory");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("cannot write " + output + ": " + dir + " is not a directory");
        }
        Path partial;
        try {
            // A missing folder is made, as map --out and post show --download make theirs.
            Files.createDirectories(dir);
            partial = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
        } catch (IOException e) {
            throw new StorageException("cannot write " + output + ": " + LocalPaths.reason(e), e);
        }
        boolean done = false;
        try {
            long n;
            try (PrintWriter file = new PrintWriter(new OutputStreamWriter(Files.newOutputStream(partial),
                    StandardCharsets.UTF_8), false)) {
                n = export(tanken, query, file, csv);
                file.flush();
                if (file.checkError()) {
                    throw new StorageException("writing " + output + " failed");
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            err().println("exported " + n + " entries to " + output);
            err().flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new StorageException("cannot write " + output + ": " + LocalPaths.reason(e), e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // The export's own failure is the one to report.
                }
            }
        }
    }

    /** Writes every page of {@code query} to {@code out}; returns the number of entries. */
    private long export(Tanken tanken, ActivityQuery query, PrintWriter out, boolean csv) {
        if (csv) {
            out.print(CSV_HEADER + "\r\n");
        }
        long n = 0;
        try (Progress progress = Progress.of("export", -1, environment(), err())) {
            String cursor = null;
            do {
                Page<ActivityEntry> page = tanken.activity(query.after(cursor));
                for (ActivityEntry e : page.items()) {
                    if (csv) {
                        out.print(csvRow(e));
                    } else {
                        out.print(Json.line(new SocialViews.Entry(e)));
                        out.print('\n');
                    }
                }
                out.flush();
                n += page.items().size();
                progress.stepBy(page.items().size());
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return n;
    }

    static String csvRow(ActivityEntry e) {
        StringBuilder line = new StringBuilder(256);
        String[] cells = {e.id().toString(), e.occurredAt().toString(), e.app(), e.actor(), e.action(),
            e.subjectType(), e.subjectId(), e.payloadJson()};
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            String cell = cells[i];
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        return line.append("\r\n").toString();
    }
}
