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
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + Terminal.quote(value) + "' is not a whole number");
        }
        if (n < 1 || n > Page.MAX_LIMIT) {
            throw new TypeConversionException("must be between 1 and " + Page.MAX_LIMIT + ", got " + n);
        }
        return n;
    }
}
