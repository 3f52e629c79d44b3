package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.GarbageReport;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tanken blobs ...}: maintenance of the blob store. */
@Command(name = "blobs", header = "Maintain the blob store.", subcommands = BlobsCommand.Gc.class)
final class BlobsCommand extends CommandGroup {
    BlobsCommand() {
        super("gc");
    }

    /** {@code tanken blobs gc [--dry-run] [--grace D]}. */
    @Command(name = "gc", sortOptions = false, header = "Remove blobs that no post uses.",
            description = {
                "Lists the blob store and removes every blob that no post refers to, neither as its picture "
                    + "nor as a thumbnail or large copy, if it is older than the grace period. Younger "
                    + "unreferenced blobs may belong to an upload in progress (an upload writes its blobs "
                    + "before its post), so they are only counted.",
                "",
                "With --json, prints one JSON object: dryRun, graceSeconds, scanned, orphans (key, bytes, "
                    + "lastModified), orphanBytes, removed, youngUnreferenced, unknownAge, failures (key, reason).",
                "",
                "Exits with 1 if an orphan could not be removed.",
            })
    static final class Gc extends TankenSubcommand {
        @Option(names = "--dry-run", description = "Report the orphans without removing them.")
        boolean dryRun;

        @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "1h",
                description = "Keep unreferenced blobs younger than this: 30m, 1h, 2d, 0 (default: ${DEFAULT-VALUE}).")
        String grace;

        @Override
        public Integer call() {
            Duration gracePeriod = parseGrace(grace);
            GarbageReport report;
            try (Tanken tanken = openTanken()) {
                report = tanken.collectGarbage(dryRun, gracePeriod);
            }
            if (json()) {
                Json.println(out(), new ReportJson(report));
            } else {
                print(report);
            }
            return report.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }

        private Duration parseGrace(String value) {
            if (value.strip().equals("0")) {
                return Duration.ZERO;
            }
            try {
                return dev.tanken.model.Durations.parse(value, "--grace");
            } catch (dev.tanken.InvalidInputException e) {
                throw usageError(e.getMessage());
            }
        }

        private void print(GarbageReport r) {
            PrintWriter out = out();
            for (GarbageReport.Orphan o : r.orphans()) {
                out.println((r.dryRun() ? "orphan   " : "removed  ") + o.key() + "  " + o.size() + " bytes  " + o.lastModified());
            }
            for (GarbageReport.Failure f : r.failures()) {
                out.println("FAILED   " + f.key() + "  " + f.reason());
            }
            out.println((r.dryRun() ? "dry run: " : "") + r.scanned() + " blobs scanned, " + r.orphans().size()
                    + " orphans (" + r.orphanBytes() + " bytes), " + r.removed() + " removed");
            if (r.youngUnreferenced() > 0) {
                out.println(r.youngUnreferenced() + " unreferenced blobs younger than " + r.gracePeriod()
                        + " kept: they may belong to uploads in progress");
            }
            if (r.unknownAge() > 0) {
                out.println(r.unknownAge() + " unreferenced blobs of unknown age kept");
            }
            out.flush();
        }
    }

    record ReportJson(GarbageReport report) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            GarbageReport r = report;
            json.writeStartObject();
            json.writeBooleanField("dryRun", r.dryRun());
            json.writeNumberField("graceSeconds", r.gracePeriod().toSeconds());
            json.writeNumberField("scanned", r.scanned());
            json.writeArrayFieldStart("orphans");
            for (GarbageReport.Orphan o : r.orphans()) {
                json.writeStartObject();
                json.writeStringField("key", o.key());
                json.writeNumberField("bytes", o.size());
                json.writeStringField("lastModified", o.lastModified() == null ? null : o.lastModified().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("orphanBytes", r.orphanBytes());
            json.writeNumberField("removed", r.removed());
            json.writeNumberField("youngUnreferenced", r.youngUnreferenced());
            json.writeNumberField("unknownAge", r.unknownAge());
            json.writeArrayFieldStart("failures");
            for (GarbageReport.Failure f : r.failures()) {
                json.writeStartObject();
                json.writeStringField("key", f.key());
                json.writeStringField("reason", f.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
