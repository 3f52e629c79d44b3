package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.cache.CacheStats;
import dev.tanken.cli.internal.Coordinates;
import dev.tanken.cli.internal.Distance;
import dev.tanken.cli.internal.DistanceConverter;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.model.GeoPoint;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tanken cache ...}: the Redis cache in front of the database. */
@Command(name = "cache", header = "Inspect, drain and warm the cache (needs --cache or TANKEN_CACHE_URL).",
        subcommands = {CacheCommand.Stats.class, CacheCommand.Flush.class, CacheCommand.Warm.class})
final class CacheCommand extends CommandGroup {
    CacheCommand() {
        super("stats, flush or warm");
    }

    /** Plumbing of the cache subcommands: they all need a configured cache. */
    abstract static class CacheSubcommand extends TankenSubcommand {
        final CachingDatabaseService tier(Tanken tanken) {
            return tanken.cache().orElseThrow(() -> new InvalidInputException(
                    "no cache configured: pass --cache URL or set " + TankenConfig.ENV_CACHE_URL));
        }
    }

    /** {@code tanken cache stats}. */
    @Command(name = "stats", header = "Show the write-back queue and the cache's counters.",
            description = "The hit and miss counters are this process's (so zero for a fresh command); the "
                    + "write-back queue length and flush lag are the shared queue's. With --json, prints one "
                    + "object: hits, misses, databaseRoundTrips, cacheErrors, writeBackQueueLength, "
                    + "flushLagMillis, deadLetters.")
    static final class Stats extends CacheSubcommand {
        @Override
        public Integer call() {
            CacheStats stats;
            long deadLetters;
            try (Tanken tanken = openTanken()) {
                CachingDatabaseService tier = tier(tanken);
                stats = tier.stats();
                deadLetters = tier.cache().writeBackQueue().deadLetters(10_000).size();
            }
            if (json()) {
                Json.println(out(), new StatsLine(stats, deadLetters));
                return ExitCodes.OK;
            }
            TextTable table = new TextTable("WHAT", ">VALUE");
            table.add("write-back queue length", Long.toString(stats.writeBackQueueLength()));
            table.add("flush lag", stats.flushLag().toMillis() + " ms");
            table.add("dead letters", Long.toString(deadLetters));
            table.add("hits (this process)", Long.toString(stats.hits()));
            table.add("misses (this process)", Long.toString(stats.misses()));
            table.add("database round trips (this process)", Long.toString(stats.databaseRoundTrips()));
            table.add("cache errors (this process)", Long.toString(stats.cacheErrors()));
            PrintWriter out = out();
            table.print(out);
            out.flush();
            return ExitCodes.OK;
        }
    }

    record StatsLine(CacheStats stats, long deadLetters) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeNumberField("hits", stats.hits());
            json.writeNumberField("misses", stats.misses());
            json.writeNumberField("databaseRoundTrips", stats.databaseRoundTrips());
            json.writeNumberField("cacheErrors", stats.cacheErrors());
            json.writeNumberField("writeBackQueueLength", stats.writeBackQueueLength());
            json.writeNumberField("flushLagMillis", stats.flushLag().toMillis());
            json.writeNumberField("deadLetters", deadLetters);
            json.writeEndObject();
        }
    }

    /** {@code tanken cache flush}. */
    @Command(name = "flush", header = "Apply every pending write-back write to the database.",
            description = "Waits until the shared write-back queue is empty (writes of any process). With "
                    + "--drop, then deletes every cache key of this namespace (the URL's prefix), so the "
                    + "cache starts cold. With --json, prints {\"applied\": N, \"dropped\": N}.")
    static final class Flush extends CacheSubcommand {
        @Option(names = "--drop", description = "Also delete the namespace's keys after draining.")
        boolean drop;

        @Override
        public Integer call() {
            long applied;
            long dropped = 0;
            try (Tanken tanken = openTanken()) {
                CachingDatabaseService tier = tier(tanken);
                tier.flush();
                applied = tier.stats().flushedEntries();
                if (drop) {
                    dropped = tier.cache().deleteNamespace();
                }
            }
            long a = applied;
            long d = dropped;
            printResult(json -> {
                json.writeStartObject();
                json.writeNumberField("applied", a);
                json.writeNumberField("dropped", d);
                json.writeEndObject();
            }, "write-back queue empty (" + applied + " entries applied by this command)"
                    + (drop ? "; deleted " + dropped + " cache keys" : ""));
            return ExitCodes.OK;
        }
    }

    /** {@code tanken cache warm}. */
    @Command(name = "warm", header = "Load the posts of an area into the cache.",
            description = "Loads every post of the cache's geo cells (0.1 degree squares) that the circle "
                    + "touches, so nearby searches there are answered by the cache. With --json, prints "
                    + "{\"posts\": N}.")
    static final class Warm extends CacheSubcommand {
        @Option(names = "--lat", required = true, paramLabel = "DEG", description = "Latitude of the centre.")
        double latitude;

        @Option(names = "--lon", required = true, paramLabel = "DEG", description = "Longitude of the centre.")
        double longitude;

        @Option(names = "--radius", paramLabel = "DIST", defaultValue = "1km", converter = DistanceConverter.class,
                description = "Radius of the area: 800m, 2.5km (default: ${DEFAULT-VALUE}).")
        Distance radius;

        @Override
        public Integer call() {
            GeoPoint center = GeoPoint.of(latitude, longitude);
            long posts;
            try (Tanken tanken = openTanken()) {
                posts = tier(tanken).warm(center, radius.meters());
            }
            printResult(json -> {
                json.writeStartObject();
                json.writeNumberField("posts", posts);
                json.writeEndObject();
            }, "cached " + posts + " posts around " + Coordinates.format(center) + " (" + radius + ")");
            return ExitCodes.OK;
        }
    }
}
