package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.model.PictureSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code thumb}, {@code large} or {@code original}; anything else is a usage error (exit 2). */
public final class PictureSizeConverter implements ITypeConverter<PictureSize> {
    @Override
    public PictureSize convert(String value) {
        try {
            return PictureSize.parse(value);
        } catch (InvalidInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
