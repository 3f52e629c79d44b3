package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.cache.CacheStats;
import dev.tanken.cli.internal.Coordinates;
import dev.tanken.cli.internal.Degrees;
import dev.tanken.cli.internal.Distance;
import dev.tanken.cli.internal.DistanceConverter;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.DeadLetter;
import dev.tanken.model.GeoPoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tanken cache ...}: the Redis cache in front of the database. */
@Command(name = "cache", header = "Inspect, drain and warm the cache (needs --cache or TANKEN_CACHE_URL).",
        subcommands = {CacheCommand.Stats.class, CacheCommand.Flush.class, CacheCommand.Warm.class,
            CacheCommand.DeadLetters.class})
final class CacheCommand extends CommandGroup {
    CacheCommand() {
        super("stats, flush, warm or dead-letters");
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
            description = "Every counter covers all processes that share the cache's namespace (servers, "
                    + "commands, on one Redis or a Cluster): each adds its counts to a hash in Redis every 5 "
                    + "seconds and when it ends, so a running server's last seconds may not be in yet; "
                    + "'cache flush --drop' starts them again from zero. With --json, prints one object: hits, "
                    + "misses, hitRatio, nearbyFromCache, nearbyFromDatabase, databaseRoundTrips, cacheErrors, "
                    + "flushedEntries, writeBackQueueLength, flushLagMillis, deadLetters, and nearCache: {hits, "
                    + "misses, invalidations, evictions, offPeriods} of the processes' near caches (nearCache=N; "
                    + "all 0 when none has one).")
    static final class Stats extends CacheSubcommand {
        @Override
        public Integer call() {
            CacheStats stats;
            java.util.Map<String, Long> shared;
            long deadLetters;
            try (Tanken tanken = openTanken()) {
                CachingDatabaseService tier = tier(tanken);
                shared = tier.sharedCounters();
                stats = tier.stats();
                deadLetters = tier.deadLetters(10_000).size();
            }
            if (json()) {
                Json.println(out(), new StatsLine(stats, shared, deadLetters));
                return ExitCodes.OK;
            }
            TextTable table = new TextTable("WHAT", ">VALUE");
            table.add("write-back queue length", Long.toString(stats.writeBackQueueLength()));
            table.add("flush lag", stats.flushLag().toMillis() + " ms");
            table.add("dead letters", Long.toString(deadLetters));
            table.add("hits", Long.toString(shared.get("hits")));
            table.add("misses", Long.toString(shared.get("misses")));
            table.add("hit ratio", String.format(java.util.Locale.ROOT, "%.1f %%", 100 * hitRatio(shared)));
            table.add("nearby searches from the cache", Long.toString(shared.get("nearbyFromCache")));
            table.add("nearby searches from the database", Long.toString(shared.get("nearbyFromDatabase")));
            table.add("database round trips", Long.toString(shared.get("databaseRoundTrips")));
            table.add("cache errors", Long.toString(shared.get("cacheErrors")));
            table.add("write-back entries applied", Long.toString(shared.get("flushedEntries")));
            table.add("near cache hits", Long.toString(shared.get("nearHits")));
            table.add("near cache misses", Long.toString(shared.get("nearMisses")));
            table.add("near cache invalidations", Long.toString(shared.get("nearInvalidations")));
            table.add("near cache evictions", Long.toString(shared.get("nearEvictions")));
            table.add("near cache off periods", Long.toString(shared.get("nearOffPeriods")));
            PrintWriter out = out();
            table.print(out);
            out.flush();
            return ExitCodes.OK;
        }
    }

    static double hitRatio(java.util.Map<String, Long> shared) {
        long reads = shared.get("hits") + shared.get("misses");
        return reads == 0 ? 0 : (double) shared.get("hits") / reads;
    }

    record StatsLine(CacheStats stats, java.util.Map<String, Long> shared, long deadLetters) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeNumberField("hits", shared.get("hits"));
            json.writeNumberField("misses", shared.get("misses"));
            json.writeNumberField("hitRatio", Math.round(hitRatio(shared) * 10_000) / 10_000.0);
            json.writeNumberField("nearbyFromCache", shared.get("nearbyFromCache"));
            json.writeNumberField("nearbyFromDatabase", shared.get("nearbyFromDatabase"));
            json.writeNumberField("databaseRoundTrips", shared.get("databaseRoundTrips"));
            json.writeNumberField("cacheErrors", shared.get("cacheErrors"));
            json.writeNumberField("flushedEntries", shared.get("flushedEntries"));
            json.writeNumberField("writeBackQueueLength", stats.writeBackQueueLength());
            json.writeNumberField("flushLagMillis", stats.flushLag().toMillis());
            json.writeNumberField("deadLetters", deadLetters);
            json.writeObjectFieldStart("nearCache");
            json.writeNumberField("hits", shared.get("nearHits"));
            json.writeNumberField("misses", shared.get("nearMisses"));
            json.writeNumberField("invalidations", shared.get("nearInvalidations"));
            json.writeNumberField("evictions", shared.get("nearEvictions"));
            json.writeNumberField("offPeriods", shared.get("nearOffPeriods"));
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    /** {@code tanken cache flush}. */
    @Command(name = "flush", header = "Apply every pending write-back write to the database.",
            description = "Waits until the shared write-back queue is empty (writes of any process). With "
                    + "--drop, then deletes every cache key of this namespace (the URL's prefix), so the "
                    + "cache starts cold. Also writes to the log any activity entries that earlier versions of "
                    + "Tanken left in the cache's activity stream. With --json, prints {\"applied\": N, "
                    + "\"dropped\": N, \"activityEntries\": N}.")
    static final class Flush extends CacheSubcommand {
        @Option(names = "--drop", description = "Also delete the namespace's keys after draining.")
        boolean drop;

        @Override
        public Integer call() {
            long applied;
            long activity;
            long dropped = 0;
            try (Tanken tanken = openTanken()) {
                CachingDatabaseService tier = tier(tanken);
                tier.flush();
                applied = tier.stats().flushedEntries();
                activity = tier.cache().drainActivity(tanken.activity());
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
                json.writeNumberField("activityEntries", activity);
                json.writeEndObject();
            }, "write-back queue empty (" + applied + " entries applied by this command)"
                    + (activity > 0 ? "; wrote " + activity + " activity entries left in the stream" : "")
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
        @Option(names = "--lat", required = true, paramLabel = "DEG", converter = Degrees.LatitudeConverter.class,
                description = "Latitude of the centre: 35.6811, 35.6811N or 35°40'52\"N.")
        double latitude;

        @Option(names = "--lon", required = true, paramLabel = "DEG", converter = Degrees.LongitudeConverter.class,
                description = "Longitude of the centre: 139.767, 139.767E or 139°46'1\"E.")
        double longitude;

        @Option(names = "--radius", paramLabel = "DIST", defaultValue = "1km", converter = DistanceConverter.SearchRadius.class,
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

    /** {@code tanken cache dead-letters [replay|drop]}. */
    @Command(name = "dead-letters", header = "List the write-back writes the database refused.",
            description = {"Lists, oldest first, the write-back writes the flusher could not apply (a duplicate "
                    + "picture, an unknown author, a post deleted meanwhile), with the reason. 'replay' queues "
                    + "them again (after fixing the cause), 'drop' deletes them.",
                "",
                "With --json, prints one JSON array of objects: id, failedAt, queuedAt, operation, postId, actor, "
                    + "reason."},
            subcommands = {DeadLetters.Replay.class, DeadLetters.Drop.class})
    static final class DeadLetters extends CacheSubcommand {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most N dead letters (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new InvalidInputException("--limit must be at least 1, got " + limit);
            }
            List<DeadLetter> letters;
            try (Tanken tanken = openTanken()) {
                letters = tier(tanken).deadLetters(limit);
            }
            printList(letters, DeadLetterView::new, "no dead letters", list -> {
                TextTable table = new TextTable("ID", "FAILED", "OPERATION", "POST", "ACTOR", "REASON");
                for (DeadLetter d : list) {
                    table.add(d.id(), String.valueOf(d.failedAt()), d.operation(), String.valueOf(d.postId()),
                            d.actor() == null ? "-" : d.actor(), d.reason());
                }
                return table;
            });
            return ExitCodes.OK;
        }

        /** What replay and drop act on: the ids given, or every dead letter with --all. */
        abstract static class Selection extends CacheSubcommand {
            @Mixin
            DeadLetterIds which;

            final List<String> selected(CachingDatabaseService tier) {
                List<String> ids = which.named();
                return ids.isEmpty() ? tier.deadLetters(Integer.MAX_VALUE).stream().map(DeadLetter::id).toList() : ids;
            }
        }

        /** {@code tanken cache dead-letters replay}. */
        @Command(name = "replay", header = "Queue refused write-back writes again.",
                description = "Queues the named dead letters (or --all) again, as first queued, and takes them off "
                        + "the list; the flusher applies them, and one refused again returns to the list. With "
                        + "--json, prints {\"replayed\": N}.")
        static final class Replay extends Selection {
            @Override
            public Integer call() {
                int replayed;
                try (Tanken tanken = openTanken()) {
                    CachingDatabaseService tier = tier(tanken);
                    replayed = tier.replayDeadLetters(selected(tier));
                }
                printResult(json -> {
                    json.writeStartObject();
                    json.writeNumberField("replayed", replayed);
                    json.writeEndObject();
                }, "queued " + replayed + " dead letters again");
                return ExitCodes.OK;
            }
        }

        /** {@code tanken cache dead-letters drop}. */
        @Command(name = "drop", header = "Delete refused write-back writes.",
                description = "Deletes the named dead letters (or --all) for good. With --json, prints "
                        + "{\"dropped\": N}.")
        static final class Drop extends Selection {
            @Override
            public Integer call() {
                long dropped;
                try (Tanken tanken = openTanken()) {
                    CachingDatabaseService tier = tier(tanken);
                    dropped = tier.dropDeadLetters(selected(tier));
                }
                printResult(json -> {
                    json.writeStartObject();
                    json.writeNumberField("dropped", dropped);
                    json.writeEndObject();
                }, "dropped " + dropped + " dead letters");
                return ExitCodes.OK;
            }
        }
    }

    /** A dead letter as JSON: id, failedAt, queuedAt, operation, postId, actor, reason. */
    record DeadLetterView(DeadLetter d) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("id", d.id());
            json.writeStringField("failedAt", d.failedAt() == null ? null : d.failedAt().toString());
            json.writeStringField("queuedAt", d.queuedAt() == null ? null : d.queuedAt().toString());
            json.writeStringField("operation", d.operation());
            json.writeStringField("postId", d.postId());
            json.writeStringField("actor", d.actor());
            json.writeStringField("reason", d.reason());
            json.writeEndObject();
        }
    }
}
