package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.model.Durations;
import java.time.Duration;

/**
 * A positive span of time as typed on a command line, in Tanken's one duration syntax ({@link
 * Durations}): {@code 90s}, {@code 45m} or {@code 45min}, {@code 12h}, {@code 30d}, {@code 2w}, {@code PT30S}.
 */
public record Age(Duration duration) {

    /** @throws IllegalArgumentException naming the value and the accepted forms */
    public static Age parse(String text) {
        Duration d;
        try {
            d = Durations.parse(text, "duration");
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (d.isZero() || d.isNegative()) {
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
