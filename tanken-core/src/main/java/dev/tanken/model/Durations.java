package dev.tanken.model;

import dev.tanken.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax Tanken reads everywhere: a number and a unit ({@code 500ms}, {@code 30s},
 * {@code 5m} or {@code 5min}, {@code 2h}, {@code 3d}, {@code 1w}), or ISO-8601 ({@code PT30S},
 * {@code P3D}).
 */
public final class Durations {
    /**
     * The longest duration read: far beyond any TTL, grace period or age, and short enough that
     * subtracting it from now never leaves the range of {@link java.time.Instant}.
     */
    public static final Duration MAX = Duration.ofDays(10_000L * 366);

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|min|h|d|w)");

    private Durations() {
    }

    /**
     * @param what what the duration is, for the message ("entry TTL")
     * @throws InvalidInputException naming {@code what} and the accepted forms
     */
    public static Duration parse(String text, String what) {
        Duration d = parseUnbounded(text, what);
        if (d.compareTo(MAX) > 0) {
            throw new InvalidInputException(what + " is too long: '" + text + "' is more than 10000 years");
        }
        return d;
    }

    private static Duration parseUnbounded(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(what + " must not be empty: use e.g. 30s, 5m, 2h, 3d, 1w or PT30S");
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            try {
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(Math.multiplyExact(n, 7));
                };
            } catch (ArithmeticException e) {
                throw new InvalidInputException(what + " is too long: '" + text + "'");
            }
        }
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new InvalidInputException(what + " '" + text + "' is not a duration: use e.g. 30s, 5m, 2h, 3d, 1w or PT30S");
    }
}
