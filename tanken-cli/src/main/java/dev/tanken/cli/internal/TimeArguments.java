package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code --since}/{@code --until}: an ISO-8601 instant, date-time with offset, date (UTC), or a
 * duration in Tanken's one syntax ({@code 2d}, {@code 30m}, {@code PT1H}) meaning that long ago.
 */
public final class TimeArguments {
    private TimeArguments() {
    }

    public static Instant parse(String option, String text) {
        return parse(option, text, Instant.now());
    }

    public static Instant parse(String option, String text, Instant now) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) && !t.matches("\\d{4}-.*")
                || t.startsWith("P") || t.startsWith("p"))) {
            Duration ago;
            try {
                ago = Durations.parse(t, option);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(option + " must be a time such as 2025-03-01T09:00:00Z,"
                        + " 2025-03-01 (UTC midnight) or a duration ago such as 30m, 2d or 1w, got '" + text + "'");
            }
            try {
                return now.minus(ago);
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw new InvalidInputException(option + " reaches back before any time Tanken can hold: '" + text + "'");
            }
        }
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
                    + " 2025-03-01T18:00+09:00, 2025-03-01 (UTC midnight) or a duration ago such as 30m, 2d or 1w,"
                    + " got '" + text + "'");
        }
    }
}
