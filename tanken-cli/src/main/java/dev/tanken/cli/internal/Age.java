package dev.tanken.cli.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A span of time as typed on a command line: {@code 90s}, {@code 45min}, {@code 12h}, {@code 30d}, {@code 2w}. */
public record Age(Duration duration) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})\\s*(s|min|h|d|w)", Pattern.CASE_INSENSITIVE);

    /** @throws IllegalArgumentException naming the value and the accepted forms */
    public static Age parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use a whole number with s, min, h, d "
                    + "or w (e.g. 30d, 12h)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(n);
            case "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return new Age(d);
    }

    /** Lets picocli options take an {@link Age}; a bad value becomes a usage error (exit 2). */
    public static final class Converter implements picocli.CommandLine.ITypeConverter<Age> {
        @Override
        public Age convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
