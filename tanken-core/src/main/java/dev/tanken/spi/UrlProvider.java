package dev.tanken.spi;

import java.util.List;

/** What every backend provider says about itself: the URL forms it opens. */
public interface UrlProvider {
    /** URL prefixes this provider opens, for messages, e.g. {@code postgresql://}. */
    List<String> prefixes();

    /** Whether this provider opens {@code url}; by default, whether it starts with one of {@link #prefixes()}. */
    default boolean accepts(String url) {
        return prefixes().stream().anyMatch(url::startsWith);
    }
}
