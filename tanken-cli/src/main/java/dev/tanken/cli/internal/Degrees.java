package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.model.GeoPoint;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coordinates as people type them: decimal degrees ({@code 35.6811}, {@code -0.1275}), with a
 * hemisphere letter ({@code 35.6811N}), or degrees-minutes-seconds as maps print them
 * ({@code 35°40'52"N}, {@code 139°46'1.2"E}; typographic primes too); a pair as {@code LAT,LON}
 * or {@code 35°40'52"N 139°46'1"E}.
 */
public final class Degrees {
    private static final String NUMBER = "(\\d+(?:\\.\\d+)?)";
    private static final Pattern DECIMAL = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?|[-+]?\\.\\d+)\\s*°?\\s*([NSEW])?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DMS = Pattern.compile(NUMBER + "\\s*°\\s*(?:" + NUMBER + "\\s*['′’]\\s*(?:"
            + NUMBER + "\\s*(?:\"|″|”|'')\\s*)?)?([NSEW])?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PAIR_BY_HEMISPHERE = Pattern.compile("(.*?[NS])\\s*,?\\s*(.+[EW])",
            Pattern.CASE_INSENSITIVE);

    /** Which coordinate a value is, for its range and its hemisphere letters. */
    public enum Axis {
        LATITUDE(90, "NS", "latitude", "35.6811, -33.8688, 35.6811N", "35°40'52\"N"),
        LONGITUDE(180, "EW", "longitude", "139.767, -0.1275, 139.767E", "139°46'1\"E");

        private final double max;
        private final String letters;
        private final String word;
        private final String decimalExamples;
        private final String dmsExample;

        Axis(double max, String letters, String word, String decimalExamples, String dmsExample) {
            this.max = max;
            this.letters = letters;
            this.word = word;
            this.decimalExamples = decimalExamples;
            this.dmsExample = dmsExample;
        }
    }

    private Degrees() {
    }

    /** picocli converter for {@code --lat}. */
    public static final class LatitudeConverter implements picocli.CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return convertOrExplain(value, Axis.LATITUDE);
        }
    }

    /** picocli converter for {@code --lon}. */
    public static final class LongitudeConverter implements picocli.CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return convertOrExplain(value, Axis.LONGITUDE);
        }
    }

    private static Double convertOrExplain(String value, Axis axis) {
        try {
            return parse(value, axis);
        } catch (InvalidInputException e) {
            throw new picocli.CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /**
     * One coordinate.
     *
     * @throws InvalidInputException naming the value and the accepted forms
     */
    public static double parse(String text, Axis axis) {
        String t = text == null ? "" : text.strip();
        Matcher d = DECIMAL.matcher(t);
        Matcher dms = DMS.matcher(t);
        double value;
        String hemisphere;
        if (d.matches()) {
            value = Double.parseDouble(d.group(1));
            hemisphere = d.group(2);
        } else if (dms.matches()) {
            double minutes = dms.group(2) == null ? 0 : Double.parseDouble(dms.group(2));
            double seconds = dms.group(3) == null ? 0 : Double.parseDouble(dms.group(3));
            if (minutes >= 60 || seconds >= 60) {
                throw bad(text, axis, "minutes and seconds run from 0 to 59");
            }
            // To 1e-9 degrees (0.1 mm): 51.96" is then 35.6811 exactly, as the decimal form types it.
            value = java.math.BigDecimal.valueOf(Double.parseDouble(dms.group(1)) + minutes / 60 + seconds / 3600)
                    .setScale(9, java.math.RoundingMode.HALF_EVEN).doubleValue();
            hemisphere = dms.group(4);
        } else {
            throw bad(text, axis, null);
        }
        if (hemisphere != null) {
            char h = hemisphere.toUpperCase(Locale.ROOT).charAt(0);
            if (axis.letters.indexOf(h) < 0) {
                throw bad(text, axis, "a " + axis.word + " ends in " + axis.letters.charAt(0) + " or "
                        + axis.letters.charAt(1));
            }
            if (value < 0 || t.startsWith("+")) {
                throw bad(text, axis, "give a sign or a hemisphere letter, not both");
            }
            if (h == 'S' || h == 'W') {
                value = -value;
            }
        }
        if (!(Math.abs(value) <= axis.max)) {
            throw bad(text, axis, range(axis));
        }
        return value;
    }

    /** A pair, or empty when the text is not shaped like one (a place name, say). */
    public static Optional<GeoPoint> parsePair(String text) {
        String t = text.strip();
        String lat;
        String lon;
        int comma = t.indexOf(',');
        Matcher byLetter = PAIR_BY_HEMISPHERE.matcher(t);
        if (byLetter.matches() && looksNumeric(byLetter.group(1))) {
            lat = byLetter.group(1);
            lon = byLetter.group(2);
        } else if (comma > 0 && comma == t.lastIndexOf(',') && looksNumeric(t.substring(0, comma))) {
            lat = t.substring(0, comma);
            lon = t.substring(comma + 1);
        } else {
            return Optional.empty();
        }
        return Optional.of(GeoPoint.of(parse(lat, Axis.LATITUDE), parse(lon, Axis.LONGITUDE)));
    }

    private static boolean looksNumeric(String part) {
        String p = part.strip();
        return !p.isEmpty() && (Character.isDigit(p.charAt(0)) || p.charAt(0) == '-' || p.charAt(0) == '+'
                || p.charAt(0) == '.');
    }

    private static InvalidInputException bad(String text, Axis axis, String why) {
        return new InvalidInputException("'" + Terminal.clean(String.valueOf(text)) + "' is not a " + axis.word
                + ": " + (why == null ? range(axis) + ", in decimal degrees (" + axis.decimalExamples + ") or "
                        + "degrees-minutes-seconds (" + axis.dmsExample + ")" : why));
    }

    /** The model's own words (GeoPoint), so every command says it alike. */
    private static String range(Axis axis) {
        return axis.word + " must be a number between -" + (int) axis.max + " and " + (int) axis.max;
    }
}
