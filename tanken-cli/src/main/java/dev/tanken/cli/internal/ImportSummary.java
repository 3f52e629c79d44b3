package dev.tanken.cli.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Collection;

/**
 * Counts of an import by outcome, the same words as the files' {@code status}: {@code queued}
 * counts posts accepted under write-back, which the database stores when the queue is flushed;
 * {@code rejected} holds every image Tanken refused (broken, over a limit, no location), {@code
 * noGps} the part of them refused for a missing location; {@code failed} the files that could not be
 * posted for a reason that is not theirs (the database or the blob store); {@code skipped} the files
 * that are no image; {@code wouldCreate} what a dry run would post.
 */
public record ImportSummary(int files, int created, int queued, int duplicates, int rejected, int noGps, int failed,
        int skipped, int wouldCreate, boolean dryRun) implements Json.Writable {

    public static ImportSummary of(Collection<FileOutcome> outcomes, boolean dryRun) {
        int created = 0;
        int queued = 0;
        int duplicates = 0;
        int rejected = 0;
        int noGps = 0;
        int failed = 0;
        int skipped = 0;
        int wouldCreate = 0;
        for (FileOutcome o : outcomes) {
            switch (o.kind()) {
                case CREATED -> created++;
                case QUEUED -> queued++;
                case DUPLICATE -> duplicates++;
                case NO_LOCATION -> {
                    rejected++;
                    noGps++;
                }
                case REJECTED -> rejected++;
                case NOT_AN_IMAGE -> skipped++;
                case FAILED -> failed++;
                case WOULD_CREATE -> wouldCreate++;
            }
        }
        return new ImportSummary(outcomes.size(), created, queued, duplicates, rejected, noGps, failed, skipped,
                wouldCreate, dryRun);
    }

    /** The JSON Lines record that closes an import: {@code {"summary": {files, created, ...}}}. */
    @Override
    public void writeTo(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("summary");
        json.writeNumberField("files", files);
        json.writeNumberField("created", created);
        json.writeNumberField("queued", queued);
        json.writeNumberField("duplicates", duplicates);
        json.writeNumberField("rejected", rejected);
        json.writeNumberField("noGps", noGps);
        json.writeNumberField("failed", failed);
        json.writeNumberField("skipped", skipped);
        if (dryRun) {
            json.writeNumberField("wouldCreate", wouldCreate);
            json.writeBooleanField("dryRun", true);
        }
        json.writeEndObject();
        json.writeEndObject();
    }
}
