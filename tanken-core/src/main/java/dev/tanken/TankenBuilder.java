package dev.tanken;

import dev.tanken.blob.BlobStore;
import dev.tanken.blob.BlobStores;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.geocode.ReverseGeocoder;
import dev.tanken.ingest.IngestLimits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Puts a {@link Tanken} together. Each backend is given either as a URL, which Tanken opens and
 * closes, or as an instance, which the caller keeps owning unless it says otherwise:
 *
 * <pre>{@code
 * Tanken tanken = Tanken.builder()
 *         .database("postgresql://tanken@db:5432/tanken")
 *         .blobs("s3://photos?endpoint=http://minio:9000")
 *         .cache("redis://cache:6379")
 *         .cacheOptions(CacheTierOptions.DEFAULTS.withDefaultPolicy(WritePolicy.WRITE_BACK))
 *         .build();
 * }</pre>
 *
 * <p>Whatever is not set comes from {@link #config(TankenConfig)} (by default the embedded setup
 * under {@code ~/.tanken}, or what {@code TANKEN_*} variables say when the config was read from the
 * environment). Not thread-safe; build once.
 */
public final class TankenBuilder {
    private TankenConfig config;
    private DatabaseService database;
    private boolean databaseOwned;
    private String databaseUrl;
    private BlobStore blobs;
    private boolean blobsOwned;
    private String blobUrl;
    private PostCacheService cache;
    private boolean cacheOwned;
    private String cacheUrl;
    private boolean noCache;
    private CacheTierOptions cacheOptions;
    private WritePolicy writePolicy;
    private IngestLimits limits;
    private Clock clock = Clock.systemUTC();
    private Supplier<ReverseGeocoder> geocoder = ReverseGeocoder::bundled;

    TankenBuilder() {
    }

    /** Defaults for everything not set on this builder. */
    public TankenBuilder config(TankenConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    /** The database at {@code url} ({@code sqlite:PATH}, {@code postgresql://…}); Tanken opens and closes it. */
    public TankenBuilder database(String url) {
        this.databaseUrl = requireUrl(url, "database");
        this.database = null;
        return this;
    }

    /**
     * A database the caller opened and keeps owning. A {@link CachingDatabaseService} given here is
     * used as the cache tier, with its own cache and options.
     */
    public TankenBuilder database(DatabaseService database) {
        return database(database, false);
    }

    /** A database the caller opened; with {@code closeWithTanken}, closing Tanken closes it. */
    public TankenBuilder database(DatabaseService database, boolean closeWithTanken) {
        this.database = Objects.requireNonNull(database, "database");
        this.databaseOwned = closeWithTanken;
        this.databaseUrl = null;
        return this;
    }

    /** The blob store at {@code url} ({@code file:PATH}, {@code s3://…}); Tanken opens and closes it. */
    public TankenBuilder blobs(String url) {
        this.blobUrl = requireUrl(url, "blob store");
        this.blobs = null;
        return this;
    }

    /** A blob store the caller opened and keeps owning. */
    public TankenBuilder blobs(BlobStore blobs) {
        return blobs(blobs, false);
    }

    public TankenBuilder blobs(BlobStore blobs, boolean closeWithTanken) {
        this.blobs = Objects.requireNonNull(blobs, "blob store");
        this.blobsOwned = closeWithTanken;
        this.blobUrl = null;
        return this;
    }

    /**
     * A cache tier over the cache at {@code url} ({@code redis://…}, {@code redis-cluster://…}); tier
     * settings among its query parameters ({@link CacheTierOptions#SETTINGS}) tune the tier.
     */
    public TankenBuilder cache(String url) {
        this.cacheUrl = requireUrl(url, "cache");
        this.cache = null;
        this.noCache = false;
        return this;
    }

    /** A cache tier over a cache the caller opened and keeps owning. */
    public TankenBuilder cache(PostCacheService cache) {
        return cache(cache, false);
    }

    public TankenBuilder cache(PostCacheService cache, boolean closeWithTanken) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.cacheOwned = closeWithTanken;
        this.cacheUrl = null;
        this.noCache = false;
        return this;
    }

    /** No cache, whatever the config says. */
    public TankenBuilder noCache() {
        this.noCache = true;
        this.cache = null;
        this.cacheUrl = null;
        return this;
    }

    /** The cache tier's tuning; by default the config's ({@link TankenConfig#cacheOptions()}). */
    public TankenBuilder cacheOptions(CacheTierOptions options) {
        this.cacheOptions = Objects.requireNonNull(options, "cache options");
        return this;
    }

    /** The policy of writes that do not choose one; shorthand for the options' default policy. */
    public TankenBuilder writePolicy(WritePolicy policy) {
        this.writePolicy = Objects.requireNonNull(policy, "write policy");
        return this;
    }

    public TankenBuilder limits(IngestLimits limits) {
        this.limits = limits;
        return this;
    }

    /**
     * The clock for the times a database opened by URL records (likes, bookmarks), recency ranking and
     * the blob collector's grace period; default the UTC system clock.
     */
    public TankenBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Where place names come from; default the bundled offline GeoNames table, loaded on first use. */
    public TankenBuilder geocoder(Supplier<ReverseGeocoder> geocoder) {
        this.geocoder = Objects.requireNonNull(geocoder, "geocoder");
        return this;
    }

    /**
     * Opens what was given as URLs and wires everything together. On failure, closes whatever it
     * opened and rethrows.
     *
     * @throws InvalidInputException if a URL is malformed or names a backend that is not on the class path
     * @throws StorageException if a service cannot be reached
     */
    public Tanken build() {
        TankenConfig base = config != null ? config : TankenConfig.fromEnvironment();
        // Opened in order, closed in reverse: the tier drains write-back into the database before it closes.
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            DatabaseService db = database;
            if (db == null) {
                db = DatabaseServices.open(databaseUrl != null ? databaseUrl : base.databaseUrl(), clock);
                opened.add(db);
            } else if (databaseOwned) {
                opened.add(db);
            }
            BlobStore store = blobs;
            if (store == null) {
                store = BlobStores.open(blobUrl != null ? blobUrl : base.blobUrl());
                opened.add(store);
            } else if (blobsOwned) {
                opened.add(store);
            }
            CachingDatabaseService tier = db instanceof CachingDatabaseService given ? given : null;
            DatabaseService front = db;
            PostCacheService c = cache;
            String url = cacheUrl != null ? cacheUrl : (noCache || c != null ? null : base.cacheUrl());
            CacheTierOptions options = cacheOptions != null ? cacheOptions : base.cacheOptions();
            if (cacheUrl != null) {
                java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
                url = TankenConfig.extractTierSettings(cacheUrl, settings);
                options = options.withSettings(settings);
            }
            if (c == null && url != null) {
                c = CacheServices.open(url);
                opened.add(c);
            } else if (c != null && cacheOwned) {
                opened.add(c);
            }
            if (c != null) {
                if (tier != null) {
                    throw new InvalidInputException("a cache tier was given as the database and a cache too: give one");
                }
                if (writePolicy != null) {
                    options = options.withDefaultPolicy(writePolicy);
                }
                tier = CachingDatabaseService.using(db, c, options);
                front = tier;
                opened.add(tier);
            }
            List<AutoCloseable> closing = new ArrayList<>(opened);
            Collections.reverse(closing);
            return new Tanken(front, tier, store, limits != null ? limits : base.limits(), clock, geocoder,
                    closing);
        } catch (RuntimeException e) {
            Collections.reverse(opened);
            for (AutoCloseable resource : opened) {
                try {
                    resource.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static String requireUrl(String url, String what) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException(what + " URL must not be empty");
        }
        return url.strip();
    }
}
