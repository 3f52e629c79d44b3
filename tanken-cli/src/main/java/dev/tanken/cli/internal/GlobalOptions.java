package dev.tanken.cli.internal;

import dev.tanken.TankenConfig;
import dev.tanken.consistency.WritePolicy;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the subcommand name. They are inherited (ScopeType.INHERIT), so
 * picocli stores them in this one instance (mixed into the top command) wherever they appear.
 *
 * <p>Values left unset fall back to the injected environment, not {@code System.getenv()}, so
 * tests control configuration without touching the process environment.
 */
public final class GlobalOptions {
    @Option(names = "--db", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Database: sqlite:PATH or postgresql://user@host:port/db "
                    + "(env TANKEN_DB_URL; default sqlite:<home>/tanken.db).")
    String databaseUrl;

    @Option(names = "--blobs", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Picture store: file:PATH or s3://BUCKET[/PREFIX]?endpoint=URL&region=R (env TANKEN_BLOB_URL; "
                    + "default file:<home>/blobs).")
    String blobUrl;

    @Option(names = "--cache", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Redis cache in front of the database: redis://host:port[?prefix=NAME] or "
                    + "redis-cluster://host:port,host:port,... (env TANKEN_CACHE_URL; default: none).")
    String cacheUrl;

    @Option(names = "--policy", paramLabel = "POLICY", scope = ScopeType.INHERIT,
            description = "How writes reach the cache and the database: write-through, write-back or "
                    + "write-around (env TANKEN_WRITE_POLICY; default write-through). Without a cache every "
                    + "write goes straight to the database, whatever the policy.")
    String policy;

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Home directory, by default ~/.tanken (env TANKEN_HOME).")
    Path home;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Machine-readable JSON output.")
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT", scope = ScopeType.INHERIT, completionCandidates = FormatNames.class,
            converter = FormatConverter.class,
            description = "Output: table (for people), json (as --json), jsonl (one JSON object per line; a listing "
                    + "ends with {\"nextCursor\": C} when more pages follow) or csv (listings: the table's columns).")
    Format format;

    /** In the words of every other refused value, not picocli's list of the enum's constant names. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.name().equalsIgnoreCase(value.strip())) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("output format must be table, json, jsonl or csv, got '"
                    + Terminal.quote(value) + "'");
        }
    }

    /** For help and completion, in the lower case people type. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("table", "json", "jsonl", "csv").iterator();
        }
    }

    /** The output forms; {@code --json} is {@code --format json}. */
    public enum Format {
        TABLE, JSON, JSONL, CSV
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Debug logging, and stack traces with errors.")
    boolean verbose;

    public boolean json() {
        return json || format == Format.JSON || format == Format.JSONL;
    }

    /** Whether --format or --json was given, rather than the default table. */
    public boolean formatGiven() {
        return format != null || json;
    }

    public Format format() {
        if (json && format != null && format != Format.JSON && format != Format.JSONL) {
            throw new dev.tanken.InvalidInputException(
                    "--json and --format " + format.name().toLowerCase(java.util.Locale.ROOT) + " disagree: give one");
        }
        return format != null ? format : json ? Format.JSON : Format.TABLE;
    }

    public boolean verbose() {
        return verbose;
    }

    /** Command-line options win over the environment; unset values take the library defaults. */
    public TankenConfig config(Map<String, String> env) {
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        Map<String, String> expanded = new java.util.HashMap<>(env);
        // The JVM's user.home comes from the password database; a shell user who sets HOME expects
        // the default home to follow it, as git and gh do.
        String tankenHome = expanded.get(TankenConfig.ENV_HOME);
        if (tankenHome == null || tankenHome.isBlank()) {
            expanded.put(TankenConfig.ENV_HOME, Path.of(userHome, ".tanken").toString());
        }
        for (String name : new String[] {TankenConfig.ENV_HOME, TankenConfig.ENV_DB_URL, TankenConfig.ENV_BLOB_URL}) {
            if (expanded.get(name) != null) {
                expanded.put(name, LocalPaths.expandHome(expanded.get(name), userHome));
            }
        }
        TankenConfig config = TankenConfig.fromEnvironment(expanded);
        if (home != null) {
            config = config.withHome(Path.of(LocalPaths.expandHome(home.toString(), userHome)));
        }
        if (databaseUrl != null) {
            config = config.withDatabaseUrl(LocalPaths.expandHome(databaseUrl, userHome));
        }
        if (blobUrl != null) {
            config = config.withBlobUrl(LocalPaths.expandHome(blobUrl, userHome));
        }
        String explicitDb = databaseUrl != null ? databaseUrl : env.get(TankenConfig.ENV_DB_URL);
        if (explicitDb != null) {
            // The home and its defaults are created on first use; a path someone typed is not, so a
            // typo names itself instead of leaving an empty database in a new directory.
            LocalPaths.requireParent(config.databaseUrl());
        }
        if (cacheUrl != null) {
            config = config.withCacheUrl(TankenConfig.cacheUrlWithEnvironment(cacheUrl, env));
        }
        if (policy != null) {
            config = config.withWritePolicy(WritePolicy.parse(policy));
        }
        // One rule for every policy, as the library has it: a policy chooses how writes reach a cache,
        // so with none it has nothing to choose and every write is the database's at once.
        return config;
    }
}
