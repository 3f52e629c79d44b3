package dev.tanken.cli.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A non-negative distance in metres, as typed on a command line: {@code 800}, {@code 500m}, {@code 2.5km}. */
public record Distance(double meters) {
    private static final Pattern SYNTAX = Pattern.compile(
            "(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(m|km|mi|ft)?", Pattern.CASE_INSENSITIVE);

    public Distance {
        if (!Double.isFinite(meters) || meters < 0) {
            throw new IllegalArgumentException("distance must be a finite, non-negative number of metres, got " + meters);
        }
    }

    public static final double METERS_PER_MILE = 1609.344;
    public static final double METERS_PER_FOOT = 0.3048;

    /**
     * Parses a number with an optional unit ({@code m}, {@code km}, {@code mi} or {@code ft}); a bare number is metres.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Distance parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a distance: use metres (800 or 500m), kilometres (2.5km), miles (1.5mi) or feet (500ft)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "m" : m.group(2).toLowerCase(Locale.ROOT);
        double meters = value * switch (unit) {
            case "km" -> 1000;
            case "mi" -> METERS_PER_MILE;
            case "ft" -> METERS_PER_FOOT;
            default -> 1;
        };
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

    /** Human form in miles: feet below a tenth of a mile ({@code 420 ft}), else miles ({@code 1.46 mi}). */
    public static String formatImperial(double meters) {
        double miles = meters / METERS_PER_MILE;
        if (miles < 0.1) {
            return String.format(Locale.ROOT, "%.0f ft", meters / METERS_PER_FOOT);
        }
        if (miles < 100) {
            return String.format(Locale.ROOT, "%.2f mi", miles);
        }
        return String.format(Locale.ROOT, "%.0f mi", miles);
    }

    @Override
    public String toString() {
        return format(meters);
    }
}
