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

    /**
     * The values as typed, for shell completion: picocli would offer the enum's constant names, and
     * completion is case-sensitive, so {@code l<TAB>} found nothing.
     */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(PictureSize.values()).map(PictureSize::code).iterator();
        }
    }
}
