package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.Tanken;
import dev.tanken.activity.ActivityArchive;
import dev.tanken.activity.ActivityMaintenance;
import dev.tanken.activity.ImportResult;
import dev.tanken.activity.MaintenanceOptions;
import dev.tanken.activity.MaintenanceReport;
import dev.tanken.activity.RetentionListener;
import dev.tanken.activity.RetentionPolicy;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.TextTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tanken activity maintain|import|archives} and the retention options of {@code app add|set}:
 * how long each application's entries are kept, the run that removes expired ones (archiving
 * them first where asked), and loading archives back.
 */
final class ActivityRetentionCommands {
    private ActivityRetentionCommands() {
    }

    static ActivityMaintenance maintenance(Tanken tanken) {
        return tanken.activity().maintenance();
    }

    static void writePolicy(JsonGenerator json, RetentionPolicy p) throws IOException {
        json.writeStartObject();
        json.writeStringField("app", p.app());
        json.writeStringField("retention", p.keepText());
        json.writeBooleanField("archive", p.archive());
        json.writeEndObject();
    }

    static String describe(RetentionPolicy p) {
        return p.app() + ": entries kept " + (p.keepDays() == null ? "forever" : p.keepDays() + " days")
                + (p.archive() ? ", archived before removal" : "");
    }

    /** {@code tanken activity app set NAME [--retention R] [--[no-]archive]}. */
    @Command(name = "set", header = "Set how long an application's entries are kept.",
            description = "--retention takes a number of days (400d) or 'forever'; entries go by whole months "
                    + "(UTC), once the whole month is older than that, at the next 'tanken activity maintain'. "
                    + "--archive writes them to the blob store first. NAME 'tanken' is Tanken's own entries "
                    + "(kept forever unless set). Without options, prints the current setting. With --json, "
                    + "prints {\"app\", \"retention\", \"archive\"}.")
    static final class SetRetention extends TankenSubcommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--retention", paramLabel = "DAYSd|forever", description = "e.g. 400d, or forever.")
        String retention;

        @Option(names = "--archive", negatable = true, description = "Archive entries to the blob store before they are removed.")
        Boolean archive;

        @Override
        public Integer call() {
            dev.tanken.activity.ActivityEntry.requireApp(name);
            Integer days = retention == null ? null : RetentionPolicy.parseKeepDays(retention);
            RetentionPolicy now;
            try (Tanken tanken = openTanken()) {
                ActivityMaintenance m = maintenance(tanken);
                RetentionPolicy current = m.retention(name);
                now = current;
                if (retention != null || archive != null) {
                    now = new RetentionPolicy(name, retention != null ? days : current.keepDays(),
                            archive != null ? archive : current.archive());
                    m.setRetention(now);
                }
            }
            RetentionPolicy shown = now;
            printResult(json -> writePolicy(json, shown), describe(shown));
            return ExitCodes.OK;
        }
    }

    /** {@code tanken activity maintain}. */
    @Command(name = "maintain", header = "Remove the entries past their application's retention; prepare partitions.",
            description = "On PostgreSQL, makes the partitions of this month and the next ones, and drops months "
                    + "whose entries have all expired; elsewhere, and on SQLite, expired entries are deleted in "
                    + "batches. With --archive (or an app's own setting), entries are written to the blob store as "
                    + "gzip-compressed JSON Lines, one blob per app and month, before they go "
                    + "('tanken activity archives' lists them). With --json, prints {\"partitionsCreated\", "
                    + "\"partitionsDropped\", \"entriesRemoved\", \"archived\"}.")
    static final class Maintain extends TankenSubcommand {
        @Option(names = "--archive", description = "Archive every application's expired entries first.")
        boolean archive;

        @Option(names = "--months-ahead", paramLabel = "N", defaultValue = "3",
                description = "Partitions made past the current month (default ${DEFAULT-VALUE}).")
        int monthsAhead;

        @Override
        public Integer call() {
            MaintenanceReport r;
            try (Tanken tanken = openTanken()) {
                r = maintenance(tanken).maintain(new MaintenanceOptions(tanken.blobs(), archive, monthsAhead,
                        RetentionListener.NONE));
            }
            printResult(json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("partitionsCreated");
                for (String p : r.partitionsCreated()) {
                    json.writeString(p);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("partitionsDropped");
                for (String p : r.partitionsDropped()) {
                    json.writeString(p);
                }
                json.writeEndArray();
                json.writeNumberField("entriesRemoved", r.entriesRemoved());
                json.writeArrayFieldStart("archived");
                for (ActivityArchive a : r.archived()) {
                    writeArchive(json, a);
                }
                json.writeEndArray();
                json.writeEndObject();
            }, r.entriesRemoved() + " expired entries removed (" + r.partitionsDropped().size()
                    + " partitions dropped), " + r.archived().size() + " archives written, "
                    + r.partitionsCreated().size() + " partitions created");
            return ExitCodes.OK;
        }
    }

    static void writeArchive(JsonGenerator json, ActivityArchive a) throws IOException {
        json.writeStartObject();
        json.writeStringField("app", a.app());
        json.writeStringField("month", a.month().toString());
        json.writeStringField("blob", a.blobKey());
        json.writeNumberField("entries", a.entries());
        json.writeStringField("createdAt", a.createdAt().toString());
        json.writeEndObject();
    }

    /** {@code tanken activity archives}. */
    @Command(name = "archives", header = "List the archives written by retention.",
            description = "One per application and month. With --json, prints a JSON array of {\"app\", \"month\", "
                    + "\"blob\", \"entries\", \"createdAt\"}; 'tanken activity import blob:BLOB' loads one back.")
    static final class Archives extends TankenSubcommand {
        @Override
        public Integer call() {
            List<ActivityArchive> archives;
            try (Tanken tanken = openTanken()) {
                archives = maintenance(tanken).archives();
            }
            printList(archives, a -> json -> writeArchive(json, a), "no archives", list -> {
                TextTable table = new TextTable("APP", "MONTH", "ENTRIES", "BLOB");
                list.forEach(a -> table.add(a.app(), a.month().toString(), Long.toString(a.entries()), a.blobKey()));
                return table;
            });
            return ExitCodes.OK;
        }
    }

    /** {@code tanken activity import FILE|blob:KEY}. */
    @Command(name = "import", header = "Load archived entries back into the activity log.",
            description = "FILE is JSON Lines as 'tanken activity maintain --archive' writes them, gzip-compressed or "
                    + "not ('-': stdin); blob:KEY reads it from the blob store. Entries keep their ids; one stored "
                    + "already is skipped, so importing twice stores once. A line that is not an archived entry stops "
                    + "the import before anything is stored (exit code 2). With --json, prints {\"stored\", "
                    + "\"duplicate\"}.")
    static final class Import extends TankenSubcommand {
        @Parameters(paramLabel = "FILE|blob:KEY")
        String source;

        @Override
        public Integer call() {
            ImportResult r;
            try (Tanken tanken = openTanken(); InputStream in = open(tanken)) {
                r = maintenance(tanken).importArchive(in);
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("no such file: " + source);
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + source + ": " + e.getMessage());
            }
            printResult(json -> {
                json.writeStartObject();
                json.writeNumberField("stored", r.stored());
                json.writeNumberField("duplicate", r.duplicate());
                json.writeEndObject();
            }, r.stored() + " entries stored, " + r.duplicate() + " already stored");
            return ExitCodes.OK;
        }

        private InputStream open(Tanken tanken) throws IOException {
            if (source.startsWith("blob:")) {
                String key = source.substring("blob:".length());
                return tanken.blobs().open(key).orElseThrow(() -> new NotFoundException("no blob " + key));
            }
            if (source.equals("-")) {
                return System.in;
            }
            Path file = Path.of(source);
            // Linux opens a directory for reading and fails only at the first read, deep in the archive reader.
            if (Files.isDirectory(file)) {
                throw new InvalidInputException("cannot read " + source + ": Is a directory");
            }
            return Files.newInputStream(file);
        }
    }
}
