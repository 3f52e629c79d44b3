package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.model.LocationPrecision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code exact}, {@code approximate} or {@code hidden}; anything else is a usage error (exit 2). */
public final class PrecisionConverter implements ITypeConverter<LocationPrecision> {
    @Override
    public LocationPrecision convert(String value) {
        try {
            return LocationPrecision.parse(value);
        } catch (InvalidInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /**
     * The values as typed, for shell completion: picocli would offer the enum's constant names, and
     * completion is case-sensitive, so {@code l<TAB>} found nothing.
     */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(LocationPrecision.values()).map(LocationPrecision::code).iterator();
        }
    }
}
