package dev.tanken.cli.internal;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets picocli options take a {@link Distance}; a bad value becomes a usage error (exit 2). */
public final class DistanceConverter implements ITypeConverter<Distance> {
    @Override
    public Distance convert(String value) {
        try {
            return Distance.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
