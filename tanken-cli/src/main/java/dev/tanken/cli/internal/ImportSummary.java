package dev.tanken.cli.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Collection;

/**
 * Counts of an import by outcome; {@code queued} counts posts accepted under write-back, which the
 * database stores when the queue is flushed. {@code failed} holds every file that is an image but could not be
 * posted for a reason other than a missing location; {@code skipped} the files that are no image.
 */
public record ImportSummary(int files, int created, int queued, int duplicates, int noGps, int failed, int skipped)
        implements Json.Writable {

    public static ImportSummary of(Collection<FileOutcome> outcomes) {
        int created = 0;
        int queued = 0;
        int duplicates = 0;
        int noGps = 0;
        int failed = 0;
        int skipped = 0;
        for (FileOutcome o : outcomes) {
            switch (o.kind()) {
                case CREATED -> created++;
                case QUEUED -> queued++;
                case DUPLICATE -> duplicates++;
                case NO_LOCATION -> noGps++;
                case NOT_AN_IMAGE -> skipped++;
                case REJECTED, FAILED -> failed++;
            }
        }
        return new ImportSummary(outcomes.size(), created, queued, duplicates, noGps, failed, skipped);
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
        json.writeNumberField("noGps", noGps);
        json.writeNumberField("failed", failed);
        json.writeNumberField("skipped", skipped);
        json.writeEndObject();
        json.writeEndObject();
    }
}
