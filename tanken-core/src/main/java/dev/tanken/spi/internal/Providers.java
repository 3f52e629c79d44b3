package dev.tanken.spi.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.spi.UrlProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the backend provider for a URL on the class path, and when none is there names the
 * artifact that would provide it. Internal: not API.
 */
public final class Providers {
    /** URL prefixes of Tanken's own backends and the artifact that provides each. */
    private static final Map<String, String> KNOWN = Map.of(
            "sqlite:", "tanken-sqlite", "jdbc:sqlite:", "tanken-sqlite",
            "postgresql://", "tanken-postgres", "postgres://", "tanken-postgres", "jdbc:postgresql:", "tanken-postgres",
            "redis://", "tanken-redis", "redis-cluster://", "tanken-redis",
            "s3://", "tanken-s3");

    private Providers() {
    }

    /**
     * The provider that accepts {@code url}.
     *
     * @param what what the URL names, for messages ("database", "cache", "blob store")
     * @param shown the URL as it may be shown (credentials redacted)
     * @throws InvalidInputException naming the missing artifact, or the URL forms available
     */
    public static <P extends UrlProvider> P find(Class<P> type, String what, String url, String shown) {
        List<P> providers = ServiceLoader.load(type, Providers.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
        for (P p : providers) {
            if (p.accepts(url)) {
                return p;
            }
        }
        for (Map.Entry<String, String> known : KNOWN.entrySet()) {
            if (url.startsWith(known.getKey())) {
                throw new InvalidInputException(what + " URL '" + shown + "' needs the " + known.getValue()
                        + " backend: add the artifact dev.tanken:" + known.getValue() + " to the class path");
            }
        }
        String forms = providers.stream().flatMap(p -> p.prefixes().stream()).map(p -> p + "…")
                .collect(Collectors.joining(", "));
        throw new InvalidInputException("unsupported " + what + " URL '" + shown + "'"
                + (forms.isEmpty() ? ": no " + what + " backend is on the class path" : ": use " + forms));
    }
}
