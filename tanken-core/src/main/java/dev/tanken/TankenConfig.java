package dev.tanken;

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
 */
public record TankenConfig(Path home, String databaseUrl, String blobUrl, IngestLimits limits) {
    public static final String ENV_HOME = "TANKEN_HOME";
    public static final String ENV_DB_URL = "TANKEN_DB_URL";
    public static final String ENV_BLOB_URL = "TANKEN_BLOB_URL";

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
    }

    /** The embedded defaults under {@code home}. */
    public static TankenConfig embedded(Path home) {
        return new TankenConfig(home, null, null, null);
    }

    /** Reads {@code TANKEN_HOME}, {@code TANKEN_DB_URL} and {@code TANKEN_BLOB_URL}. */
    public static TankenConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static TankenConfig fromEnvironment(Map<String, String> env) {
        String home = env.get(ENV_HOME);
        Path homePath = home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".tanken")
                : Path.of(home);
        return new TankenConfig(homePath, env.get(ENV_DB_URL), env.get(ENV_BLOB_URL), null);
    }

    public TankenConfig withHome(Path newHome) {
        // Defaults derived from the old home must follow the new one.
        TankenConfig defaults = embedded(home);
        return new TankenConfig(newHome,
                databaseUrl.equals(defaults.databaseUrl) ? null : databaseUrl,
                blobUrl.equals(defaults.blobUrl) ? null : blobUrl, limits);
    }

    public TankenConfig withDatabaseUrl(String url) {
        return new TankenConfig(home, url, blobUrl, limits);
    }

    public TankenConfig withBlobUrl(String url) {
        return new TankenConfig(home, databaseUrl, url, limits);
    }

    public TankenConfig withLimits(IngestLimits newLimits) {
        return new TankenConfig(home, databaseUrl, blobUrl, newLimits);
    }
}
