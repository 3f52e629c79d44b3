package dev.tanken.cli.internal;

import dev.tanken.model.Page;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --limit}: 1 to {@link Page#MAX_LIMIT}. Zero is refused on the command line although the
 * API takes it: a page of nothing would print "no posts" where there are some.
 */
public final class PageSizeConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        return between1And(value, Page.MAX_LIMIT);
    }

    /** A whole number from 1 to {@code max}, refused with that bound. */
    public static int between1And(String value, int max) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + Terminal.quote(value) + "' is not a whole number");
        }
        if (n < 1 || n > max) {
            throw new TypeConversionException("must be between 1 and " + max + ", got " + n);
        }
        return n;
    }
}
