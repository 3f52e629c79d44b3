package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.TankenConfig;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.BlobStores;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.WriteBackQueue;
import dev.tanken.cli.internal.ErrorReporter;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.SqliteNativeLibrary;
import dev.tanken.cli.internal.VersionProvider;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.spi.internal.UrlRedaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/** {@code tanken doctor}: what this configuration reaches, each part on its own so one failure hides nothing else. */
@Command(name = "doctor", header = "Check the configuration: home, database, picture store and cache.",
        description = {
            "Opens the database, the picture store and the cache one at a time and reports what it finds: "
                + "the home, each URL (passwords hidden), whether it answers and how fast, how many posts "
                + "the database holds, and the cache's write-back backlog (entries not yet in the database, "
                + "and the oldest one's age) and dead letters (writes the database refused). Nothing is "
                + "changed, and nobody is created.",
            "",
            "Exits with 1 when any part fails, else 0. With --json, prints one object: version, home, "
                + "writePolicy, and checks (name, ok, url, detail, millis).",
        })
final class DoctorCommand extends TankenSubcommand {

    /** One part checked: its outcome and what was found. */
    record Check(String name, boolean ok, String url, Map<String, Object> detail, long millis, String error) {
    }

    @Override
    public Integer call() {
        TankenConfig config = config();
        SqliteNativeLibrary.useCache();
        List<Check> checks = new ArrayList<>();
        checks.add(database(config));
        checks.add(blobs(config));
        if (config.cacheUrl() != null) {
            checks.add(cache(config));
        }
        boolean ok = checks.stream().allMatch(Check::ok);
        String policy = config.cacheUrl() == null
                ? config.writePolicy().label() + " (no effect: no cache, every write goes to the database)"
                : config.writePolicy().label();
        if (json()) {
            Json.println(out(), g -> write(g, config, policy, checks));
        } else {
            print(config, policy, checks);
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static Check database(TankenConfig config) {
        long start = System.nanoTime();
        if (notCreatedYet(config.databaseUrl(), "sqlite:")) {
            return new Check("database", true, config.databaseUrl(), Map.of("state", NOT_YET), millis(start), null);
        }
        try (DatabaseService db = DatabaseServices.open(config.databaseUrl())) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("posts", db.countPosts());
            detail.put("schema", "current (checked and migrated on open)");
            return new Check("database", true, UrlRedaction.redact(config.databaseUrl()), detail, millis(start), null);
        } catch (RuntimeException e) {
            return failed("database", config.databaseUrl(), start, e);
        }
    }

    private static Check blobs(TankenConfig config) {
        long start = System.nanoTime();
        if (notCreatedYet(config.blobUrl(), "file:")) {
            return new Check("pictures", true, config.blobUrl(), Map.of("state", NOT_YET), millis(start), null);
        }
        try (BlobStore store = BlobStores.open(config.blobUrl())) {
            Map<String, Object> detail = new LinkedHashMap<>();
            try (Stream<String> keys = store.keys()) {
                detail.put("pictures", keys.count());
            }
            return new Check("pictures", true, UrlRedaction.redact(config.blobUrl()), detail, millis(start), null);
        } catch (RuntimeException e) {
            return failed("pictures", config.blobUrl(), start, e);
        }
    }

    private static Check cache(TankenConfig config) {
        long start = System.nanoTime();
        try (PostCacheService cache = CacheServices.open(config.cacheUrl())) {
            cache.ping();
            long pingMillis = millis(start);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("namespace", cache.namespace());
            detail.put("pingMillis", pingMillis);
            WriteBackQueue queue = cache.writeBackQueue();
            detail.put("writeBackBacklog", queue.length());
            detail.put("oldestPendingSeconds", queue.oldestAge().toSeconds());
            int deadLetters = queue.deadLetters(DEAD_LETTERS_COUNTED).size();
            detail.put("deadLetters", deadLetters >= DEAD_LETTERS_COUNTED ? DEAD_LETTERS_COUNTED + "+" : deadLetters);
            return new Check("cache", true, UrlRedaction.redact(config.cacheUrl()), detail, pingMillis, null);
        } catch (Exception e) {
            return failed("cache", config.cacheUrl(), start, e);
        }
    }

    private static final String NOT_YET = "not created yet (the first upload creates it)";

    /** An embedded store that does not exist yet: opening it would create it, and doctor changes nothing. */
    private static boolean notCreatedYet(String url, String scheme) {
        if (!url.startsWith(scheme)) {
            return false;
        }
        try {
            return !java.nio.file.Files.exists(java.nio.file.Path.of(url.substring(scheme.length())));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Dead letters are read to count them; past this many, "at least" says enough. */
    private static final int DEAD_LETTERS_COUNTED = 1000;

    private static Check failed(String name, String url, long start, Exception e) {
        return new Check(name, false, UrlRedaction.redact(url), Map.of(), millis(start), ErrorReporter.describe(e));
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void print(TankenConfig config, String policy, List<Check> checks) {
        PrintWriter out = out();
        out.println("tanken " + VersionProvider.version());
        out.println("home          " + config.home());
        out.println("write policy  " + policy);
        for (Check c : checks) {
            out.printf("%-13s %s  %s  (%d ms)%n", c.name(), c.ok() ? "ok    " : "FAILED", c.url(), c.millis());
            c.detail().forEach((k, v) -> out.printf("              %s: %s%n", k, v));
            if (c.error() != null) {
                out.println("              " + c.error());
            }
        }
        out.flush();
    }

    private static void write(JsonGenerator g, TankenConfig config, String policy, List<Check> checks)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("version", VersionProvider.version());
        g.writeStringField("home", config.home().toString());
        g.writeStringField("writePolicy", policy);
        g.writeArrayFieldStart("checks");
        for (Check c : checks) {
            g.writeStartObject();
            g.writeStringField("name", c.name());
            g.writeBooleanField("ok", c.ok());
            g.writeStringField("url", c.url());
            g.writeObjectFieldStart("detail");
            for (Map.Entry<String, Object> e : c.detail().entrySet()) {
                if (e.getValue() instanceof Number n) {
                    g.writeNumberField(e.getKey(), n.longValue());
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
                }
            }
            g.writeEndObject();
            g.writeNumberField("millis", c.millis());
            g.writeStringField("error", c.error());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
