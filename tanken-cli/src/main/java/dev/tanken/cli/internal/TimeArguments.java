package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads {@code --since}/{@code --until}: an ISO-8601 instant, date-time with offset, or date (UTC). */
public final class TimeArguments {
    private TimeArguments() {
    }

    public static Instant parse(String option, String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notAnInstant) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            throw new InvalidInputException(option + " must be a time such as 2025-03-01T09:00:00Z,"
                    + " 2025-03-01T18:00+09:00 or 2025-03-01 (UTC midnight), got '" + text + "'");
        }
    }
}
