package dev.tanken.cli.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A non-negative distance in metres, as typed on a command line: {@code 800}, {@code 500m}, {@code 2.5km}. */
public record Distance(double meters) {
    private static final Pattern SYNTAX = Pattern.compile(
            "(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(m|km)?", Pattern.CASE_INSENSITIVE);

    public Distance {
        if (!Double.isFinite(meters) || meters < 0) {
            throw new IllegalArgumentException("distance must be a finite, non-negative number of metres, got " + meters);
        }
    }

    /**
     * Parses a number with an optional unit ({@code m} or {@code km}); a bare number is metres.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Distance parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a distance: use metres (800 or 500m) or kilometres (2.5km)");
        }
        double value = Double.parseDouble(m.group(1));
        boolean km = m.group(2) != null && m.group(2).toLowerCase(Locale.ROOT).equals("km");
        double meters = km ? value * 1000 : value;
        if (!Double.isFinite(meters)) {
            throw new IllegalArgumentException("'" + text + "' is too large a distance");
        }
        return new Distance(meters);
    }

    /** Human form: metres below 1 km ({@code 312 m}), else kilometres ({@code 2.35 km}). */
    public static String format(double meters) {
        if (meters < 1000) {
            return String.format(Locale.ROOT, "%.0f m", meters);
        }
        if (meters < 100_000) {
            return String.format(Locale.ROOT, "%.2f km", meters / 1000);
        }
        return String.format(Locale.ROOT, "%.0f km", meters / 1000);
    }

    @Override
    public String toString() {
        return format(meters);
    }
}
