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
}
