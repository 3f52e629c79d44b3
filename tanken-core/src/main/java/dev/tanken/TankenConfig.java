package dev.tanken;

import dev.tanken.consistency.WritePolicy;
import dev.tanken.ingest.IngestLimits;
import java.nio.file.Path;
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
 */
public record TankenConfig(Path home, String databaseUrl, String blobUrl, IngestLimits limits, String cacheUrl,
        WritePolicy writePolicy) {
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
        writePolicy = writePolicy == null ? WritePolicy.WRITE_THROUGH : writePolicy;
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
        return new TankenConfig(homePath, env.get(ENV_DB_URL), env.get(ENV_BLOB_URL), null, env.get(ENV_CACHE_URL),
                policy == null || policy.isBlank() ? null : WritePolicy.parse(policy));
    }

    public TankenConfig withHome(Path newHome) {
        // Defaults derived from the old home must follow the new one.
        TankenConfig defaults = embedded(home);
        return new TankenConfig(newHome,
                databaseUrl.equals(defaults.databaseUrl) ? null : databaseUrl,
                blobUrl.equals(defaults.blobUrl) ? null : blobUrl, limits, cacheUrl, writePolicy);
    }

    public TankenConfig withDatabaseUrl(String url) {
        return new TankenConfig(home, url, blobUrl, limits, cacheUrl, writePolicy);
    }

    public TankenConfig withBlobUrl(String url) {
        return new TankenConfig(home, databaseUrl, url, limits, cacheUrl, writePolicy);
    }

    public TankenConfig withLimits(IngestLimits newLimits) {
        return new TankenConfig(home, databaseUrl, blobUrl, newLimits, cacheUrl, writePolicy);
    }

    /** With a cache ({@code null} for none). */
    public TankenConfig withCacheUrl(String url) {
        return new TankenConfig(home, databaseUrl, blobUrl, limits, url, writePolicy);
    }

    public TankenConfig withWritePolicy(WritePolicy policy) {
        return new TankenConfig(home, databaseUrl, blobUrl, limits, cacheUrl, policy);
    }
}
