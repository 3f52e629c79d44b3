package dev.tanken;

import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.ingest.IngestLimits;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where Tanken keeps its data. Every field has a default, so {@code TankenConfig.fromEnvironment()}
 * on a fresh machine gives the embedded setup: a SQLite file and a folder of images under
 * {@code ~/.tanken}.
 *
 * @param home the Tanken home directory ({@code TANKEN_HOME}, default {@code ~/.tanken})
 * @param databaseUrl {@code sqlite:PATH} or {@code postgresql://user@host:port/db} ({@code
 *     TANKEN_DB_URL}); default {@code sqlite:<home>/tanken.db}
 * @param blobUrl {@code file:PATH} ({@code TANKEN_BLOB_URL}); default {@code file:<home>/blobs}
 * @param limits what a photo may weigh before it is rejected
 * @param cacheUrl {@code redis://host:port[?prefix=NAME]} or {@code redis-cluster://h:p,h:p,...}
 *     ({@code TANKEN_CACHE_URL}); null (the default) for no cache
 * @param writePolicy how writes reach the database and the cache when a cache is configured ({@code
 *     TANKEN_WRITE_POLICY}: write-through, write-back or write-around); default write-through
 * @param cacheOptions the cache tier's tuning; its default policy is always {@code writePolicy}. Each
 *     setting of {@link CacheTierOptions#SETTINGS} may be given as a query parameter of the cache URL
 *     ({@code redis://host:6379?entry-ttl=10m&flush-batch-size=200}) or as an environment variable
 *     ({@code TANKEN_CACHE_ENTRY_TTL=10m}); the URL wins.
 */
public record TankenConfig(Path home, String databaseUrl, String blobUrl, IngestLimits limits, String cacheUrl,
        WritePolicy writePolicy, CacheTierOptions cacheOptions) {
    public static final String ENV_HOME = "TANKEN_HOME";
    public static final String ENV_DB_URL = "TANKEN_DB_URL";
    public static final String ENV_BLOB_URL = "TANKEN_BLOB_URL";
    public static final String ENV_CACHE_URL = "TANKEN_CACHE_URL";
    public static final String ENV_WRITE_POLICY = "TANKEN_WRITE_POLICY";

    public TankenConfig {
        Objects.requireNonNull(home, "home");
        home = home.toAbsolutePath().normalize();
        if (databaseUrl == null || databaseUrl.isBlank()) {
            databaseUrl = "sqlite:" + home.resolve("tanken.db");
        }
        if (blobUrl == null || blobUrl.isBlank()) {
            blobUrl = "file:" + home.resolve("blobs");
        }
        limits = limits == null ? IngestLimits.DEFAULT : limits;
        cacheUrl = cacheUrl == null || cacheUrl.isBlank() ? null : cacheUrl.strip();
        cacheOptions = cacheOptions == null ? CacheTierOptions.DEFAULTS : cacheOptions;
        if (cacheUrl != null) {
            // Tier settings in the URL belong to the tier; the cache itself never sees them.
            Map<String, String> settings = new LinkedHashMap<>();
            cacheUrl = extractTierSettings(cacheUrl, settings);
            cacheOptions = cacheOptions.withSettings(settings);
            if (settings.containsKey("policy")) {
                writePolicy = cacheOptions.defaultPolicy();
            }
        }
        writePolicy = writePolicy == null ? WritePolicy.WRITE_THROUGH : writePolicy;
        cacheOptions = cacheOptions.withDefaultPolicy(writePolicy);
    }

    /** With the given policy and cache options as they are. */
    public TankenConfig(Path home, String databaseUrl, String blobUrl, IngestLimits limits, String cacheUrl,
            WritePolicy writePolicy) {
        this(home, databaseUrl, blobUrl, limits, cacheUrl, writePolicy, null);
    }

    /**
     * Cache client bounds that are cache URL parameters, settable from the environment too
     * ({@code TANKEN_CACHE_CONNECT_TIMEOUT_MS=500}); a parameter already in the URL wins.
     */
    private static final Map<String, String> CLIENT_SETTINGS = Map.of(
            "TANKEN_CACHE_CONNECT_TIMEOUT_MS", "connectTimeoutMs",
            "TANKEN_CACHE_SOCKET_TIMEOUT_MS", "socketTimeoutMs",
            "TANKEN_CACHE_BREAKER_OPEN_MS", "breakerOpenMs",
            "TANKEN_CACHE_NEAR_CACHE", "nearCache");

    /**
     * {@code url} with the cache client bounds the environment sets ({@code TANKEN_CACHE_CONNECT_TIMEOUT_MS},
     * {@code TANKEN_CACHE_SOCKET_TIMEOUT_MS}, {@code TANKEN_CACHE_BREAKER_OPEN_MS},
     * {@code TANKEN_CACHE_NEAR_CACHE}) added as parameters; a parameter already in the URL wins.
     * For a cache URL that did not come from {@code TANKEN_CACHE_URL}, such as a command-line flag.
     */
    public static String cacheUrlWithEnvironment(String url, Map<String, String> env) {
        return withClientSettings(url, env);
    }

    private static String withClientSettings(String url, Map<String, String> env) {
        if (url == null || url.isBlank()) {
            return url;
        }
        StringBuilder b = new StringBuilder(url.strip());
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(CLIENT_SETTINGS).entrySet()) {
            String value = env.get(e.getKey());
            if (value != null && !value.isBlank() && !b.toString().matches(".*[?&]" + e.getValue() + "=.*")) {
                b.append(b.indexOf("?") < 0 ? '?' : '&').append(e.getValue()).append('=')
                        .append(java.net.URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    static String extractTierSettings(String url, Map<String, String> settings) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (CacheTierOptions.SETTINGS.contains(key)) {
                settings.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } else if (!pair.isEmpty()) {
                kept.add(pair);
            }
        }
        return kept.isEmpty() ? url.substring(0, q) : url.substring(0, q) + "?" + String.join("&", kept);
    }

    /** Without a cache. */
    public TankenConfig(Path home, String databaseUrl, String blobUrl, IngestLimits limits) {
        this(home, databaseUrl, blobUrl, limits, null, null);
    }

    /** The embedded defaults under {@code home}. */
    public static TankenConfig embedded(Path home) {
        return new TankenConfig(home, null, null, null);
    }

    /**
     * Reads {@code TANKEN_HOME}, {@code TANKEN_DB_URL}, {@code TANKEN_BLOB_URL}, {@code
     * TANKEN_CACHE_URL} and {@code TANKEN_WRITE_POLICY}.
     */
    public static TankenConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static TankenConfig fromEnvironment(Map<String, String> env) {
        String home = env.get(ENV_HOME);
        Path homePath = home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".tanken")
                : Path.of(home);
        String policy = env.get(ENV_WRITE_POLICY);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : CacheTierOptions.SETTINGS) {
            String value = env.get("TANKEN_CACHE_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (value != null && !value.isBlank() && !name.equals("policy")) {
                settings.put(name, value);
            }
        }
        return new TankenConfig(homePath, env.get(ENV_DB_URL), env.get(ENV_BLOB_URL), null,
                withClientSettings(env.get(ENV_CACHE_URL), env),
                policy == null || policy.isBlank() ? null : WritePolicy.parse(policy),
                CacheTierOptions.DEFAULTS.withSettings(settings));
    }

    public TankenConfig withHome(Path newHome) {
        // Defaults derived from the old home must follow the new one.
        TankenConfig defaults = embedded(home);
        return new TankenConfig(newHome,
                databaseUrl.equals(defaults.databaseUrl) ? null : databaseUrl,
                blobUrl.equals(defaults.blobUrl) ? null : blobUrl, limits, cacheUrl, writePolicy, cacheOptions);
    }

    public TankenConfig withDatabaseUrl(String url) {
        return new TankenConfig(home, url, blobUrl, limits, cacheUrl, writePolicy, cacheOptions);
    }

    public TankenConfig withBlobUrl(String url) {
        return new TankenConfig(home, databaseUrl, url, limits, cacheUrl, writePolicy, cacheOptions);
    }

    public TankenConfig withLimits(IngestLimits newLimits) {
        return new TankenConfig(home, databaseUrl, blobUrl, newLimits, cacheUrl, writePolicy, cacheOptions);
    }

    /** With a cache ({@code null} for none). */
    public TankenConfig withCacheUrl(String url) {
        return new TankenConfig(home, databaseUrl, blobUrl, limits, url, writePolicy, cacheOptions);
    }

    public TankenConfig withCacheOptions(CacheTierOptions options) {
        return new TankenConfig(home, databaseUrl, blobUrl, limits, cacheUrl, options.defaultPolicy(), options);
    }

    public TankenConfig withWritePolicy(WritePolicy policy) {
        return new TankenConfig(home, databaseUrl, blobUrl, limits, cacheUrl, policy, cacheOptions);
    }
}
