package dev.tanken.model;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * When a photo was taken, as its camera recorded it: the local wall-clock time and, when the photo
 * says so (EXIF OffsetTimeOriginal), the UTC offset. Most cameras record no offset, so the local
 * time must not be silently converted to an instant.
 */
public record TakenAt(LocalDateTime localDateTime, ZoneOffset offset) {

    public TakenAt {
        Objects.requireNonNull(localDateTime, "taken-at local time");
        localDateTime = localDateTime.truncatedTo(ChronoUnit.MICROS);
    }

    public static TakenAt local(LocalDateTime localDateTime) {
        return new TakenAt(localDateTime, null);
    }

    public static TakenAt of(OffsetDateTime time) {
        return new TakenAt(time.toLocalDateTime(), time.getOffset());
    }

    /** The absolute time, present only when the photo recorded its UTC offset. */
    public Optional<OffsetDateTime> offsetDateTime() {
        return offset == null ? Optional.empty() : Optional.of(localDateTime.atOffset(offset));
    }

    /**
     * ISO-8601, always with seconds (java.time drops zero seconds, which some parsers refuse):
     * {@code 2024-05-01T10:15:00+09:00} or, without an offset, {@code 2024-05-01T10:15:00}.
     */
    @Override
    public String toString() {
        return offset == null ? DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(localDateTime)
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(localDateTime.atOffset(offset));
    }
}
