package dev.tanken.ingest;

import dev.tanken.model.GeoPoint;
import dev.tanken.model.TakenAt;

/** Placeholder replaced by the ingest branch. */
public record PhotoMetadata(ImageFormat format, int width, int height, int orientation, GeoPoint location,
        TakenAt takenAt) {
}
