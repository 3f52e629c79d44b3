package dev.tanken.bench;

import static dev.tanken.activity.PayloadCondition.json;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.seed.ActivityGenerator;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.PayloadCondition;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.Page;
import dev.tanken.postgres.IndexedPath;
import dev.tanken.postgres.PostgresActivityLog;
import dev.tanken.InvalidInputException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Activity log search on a large generated log (issue 4):
 *
 * <pre>
 * java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.ActivityBench generate [URL] [COUNT]
 * java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.ActivityBench search [URL] [RUNS]
 * java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.ActivityBench index URL PATH[:text]...
 * </pre>
 *
 * <p>{@code index} gives payload paths expression indexes of their own ({@code tanken activity
 * index add}), e.g. {@code flag.gid}; the rare-field kinds are measured with and without them.
 *
 * <p>{@code generate} fills an empty log once with {@link ActivityGenerator} (seed 42): on
 * PostgreSQL the secondary indexes are dropped, the rows COPYed in, and the indexes rebuilt from
 * their own definitions, which is far faster than maintaining five indexes row by row.
 * {@code search} runs every filter kind {@code RUNS} times (after 10 unmeasured executions, which
 * take every statement past pgjdbc's server-side prepare threshold of 5, and one unmeasured pass
 * over all kinds that warms the JIT and the caches) with values that change from run to run, and
 * prints p50/p99 per kind. Default URL: schema {@code tanken_activity_bench}
 * in the local {@code test} database.
 */
public final class ActivityBench {
    static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test?schema=tanken_activity_bench";
    static final long DEFAULT_COUNT = 10_000_000L;
    static final int USERS = 100_000;
    static final long POSTS = 1_000_000L;
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(365);
    private static final int WARM_UP = 10;

    private ActivityBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !List.of("generate", "search", "index").contains(args[0])) {
            System.err.println("usage: ActivityBench generate|search [DATABASE_URL] [COUNT|RUNS] | index URL PATH[:text]...");
            System.exit(2);
        }
        String url = args.length > 1 ? args[1] : DEFAULT_URL;
        if (args[0].equals("index")) {
            index(url, List.of(args).subList(2, args.length));
        } else if (args[0].equals("generate")) {
            generate(url, args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_COUNT);
        } else {
            search(url, args.length > 2 ? Integer.parseInt(args[2]) : 200, args.length > 3 ? args[3] : "");
        }
    }

    // ---- generate

    static void generate(String url, long count) throws SQLException {
        try (DatabaseService db = DatabaseServices.open(url)) {
            ActivityLog log = db.activityLog();
            long have = log.count();
            if (have == count) {
                System.out.printf("the log already holds %,d entries%n", have);
                return;
            }
            if (have != 0) {
                throw new IllegalStateException("the log holds " + have + " entries, expected 0 or " + count
                        + "; drop the schema and run again");
            }
            ActivityGenerator generator = new ActivityGenerator(42, USERS, POSTS, START, SPAN);
            boolean postgres = url.startsWith("postgres");
            List<String> indexes = postgres ? dropSecondaryIndexes(url) : List.of();
            if (postgres) {
                chainTrigger(url, false);
            }
            long started = System.nanoTime();
            long loaded;
            try {
                Iterator<ActivityEntry> entries = progress(generator.entries(count), count, started);
                // load() holds a chunk in memory (its months get partitions before the COPY).
                loaded = log.load(entries, postgres ? 200_000 : 50_000);
            } finally {
                if (postgres) {
                    chainTrigger(url, true);
                }
            }
            System.out.printf("loaded %,d entries in %.0f s%n", loaded, seconds(started));
            if (postgres) {
                rebuild(url, indexes);
            }
        }
    }

    private static Iterator<ActivityEntry> progress(Iterator<ActivityEntry> inner, long count, long started) {
        return new Iterator<>() {
            private long n;

            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public ActivityEntry next() {
                if (++n % 1_000_000 == 0) {
                    System.out.printf("  %,d / %,d (%.0f s)%n", n, count, seconds(started));
                }
                return inner.next();
            }
        };
    }

    /**
     * The generated entries stay out of the hash chain: the trigger that queues every inserted row
     * for the sealer is off during the load. Queued, they would be tens of millions of rows that no
     * sealer of this benchmark ever takes; sealed, they would cost a chain pass per entry that search
     * never reads. The log measured is therefore one whose chain is empty (verify has nothing to
     * check); entries written later, with the trigger back on, are queued as usual.
     */
    private static void chainTrigger(String url, boolean on) throws SQLException {
        try (Connection c = BenchConnections.connect(url); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE activity_log " + (on ? "ENABLE" : "DISABLE") + " TRIGGER activity_log_unsealed");
        }
        System.out.printf("chain queue trigger %s%n", on ? "enabled" : "disabled for the load");
    }

    private static List<String> dropSecondaryIndexes(String url) throws SQLException {
        List<String> definitions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Connection c = BenchConnections.connect(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname ="
                    + " current_schema() AND tablename = 'activity_log' AND indexname <> 'activity_log_pkey'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    // A partitioned table's index is defined "ON ONLY" the parent; rebuilt as such it
                    // would cover no partition and stay invalid.
                    definitions.add(rs.getString(2).replaceFirst(" ON ONLY ", " ON "));
                }
            }
            // By name: a definition's third word is "INDEX" for a unique index.
            for (String name : names) {
                s.execute("DROP INDEX \"" + name + "\"");
            }
        }
        System.out.printf("dropped %d secondary indexes for the load%n", definitions.size());
        return definitions;
    }

    private static void rebuild(String url, List<String> definitions) throws SQLException {
        try (Connection c = BenchConnections.connect(url); Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '1GB'");
            for (String def : definitions) {
                long started = System.nanoTime();
                s.execute(def);
                System.out.printf("%s (%.0f s)%n", def, seconds(started));
            }
            long started = System.nanoTime();
            s.execute("VACUUM ANALYZE activity_log");
            System.out.printf("VACUUM ANALYZE (%.0f s)%n", seconds(started));
        }
    }


    // ---- index

    static void index(String url, List<String> paths) {
        try (DatabaseService db = DatabaseServices.open(url)) {
            PostgresActivityLog log = (PostgresActivityLog) db.activityLog();
            for (String p : paths) {
                boolean text = p.endsWith(":text");
                List<String> path = List.of((text ? p.substring(0, p.length() - 5) : p).split("\\."));
                long started = System.nanoTime();
                boolean created = log.addIndexedPath(new IndexedPath(path, text ? IndexedPath.Type.TEXT
                        : IndexedPath.Type.NUMBER));
                System.out.printf("%s %s (%.0f s, CREATE INDEX CONCURRENTLY and ANALYZE)%n", created ? "indexed"
                        : "already indexed", path, seconds(started));
            }
            System.out.println("indexed paths: " + log.indexedPaths());
        }
    }

    // ---- search

    /** The filter kinds measured; each makes the query of run {@code i}, with values varying by run. */
    static Map<String, IntFunction<ActivityQuery>> cases() {
        ActivityGenerator g = new ActivityGenerator(42, USERS, POSTS, START, SPAN);
        ActivityQuery base = ActivityQuery.newestFirst(50);
        List<String> app = List.of("client", "app");
        List<String> gid = List.of("flag", "gid");
        List<String> length = List.of("length");
        Map<String, IntFunction<ActivityQuery>> c = new LinkedHashMap<>();
        c.put("newest (no filter)", i -> base);
        c.put("actor", i -> base.withActor(ActivityGenerator.actor(i * 7919 % USERS)));
        c.put("action, common (post.like 45%)", i -> base.withAction("post.like"));
        c.put("action, rare (comment.delete 1%)", i -> base.withAction("comment.delete"));
        c.put("subject (post id)", i -> base.withSubject(null, ActivityGenerator.postId(i * 104_729L % POSTS)));
        c.put("subject type + id", i -> base.withSubject("post", ActivityGenerator.postId(i * 15_485_863L % POSTS)));
        c.put("time range (1 h window)", i -> {
            Instant since = START.plus(Duration.ofHours(i * 37L % (SPAN.toHours() - 1)));
            return base.withSince(since).withUntil(since.plus(Duration.ofHours(1)));
        });
        c.put("time range (1 day) + action", i -> {
            Instant since = START.plus(Duration.ofDays(i * 13L % (SPAN.toDays() - 1)));
            return base.withSince(since).withUntil(since.plus(Duration.ofDays(1))).withAction("post.bookmark");
        });
        c.put("payload EQ, common (client.app = android, 40%)",
                i -> base.where(PayloadCondition.eq(app, json(i % 2 == 0 ? "\"android\"" : "\"ios\""))));
        c.put("payload EQ, rare (flag.gid = N, ~30 rows)",
                i -> base.where(PayloadCondition.eq(gid, json(String.valueOf(i * 31 % ActivityGenerator.FLAG_GIDS)))));
        c.put("payload NE (client.app != ios)", i -> base.where(PayloadCondition.ne(app, json("\"ios\""))));
        c.put("payload IN, common (app in web, cli: 15%)",
                i -> base.where(PayloadCondition.in(app, json("[\"web\",\"cli\"]"))));
        c.put("payload IN, rare (flag.gid in 3 values)", i -> {
            int n = i * 53 % (ActivityGenerator.FLAG_GIDS - 2);
            return base.where(PayloadCondition.in(gid, json("[" + n + "," + (n + 1) + "," + (n + 2) + "]")));
        });
        c.put("payload EXISTS (flag, 3%)", i -> base.where(PayloadCondition.exists(List.of("flag"))));
        c.put("payload GT (length > 450, 1.5%)",
                i -> base.where(PayloadCondition.gt(length, json(String.valueOf(440 + i % 20)))));
        c.put("payload LT (length < 50, 1.5%)",
                i -> base.where(PayloadCondition.lt(length, json(String.valueOf(40 + i % 20)))));
        c.put("action + payload GT (post.report, flag.gid > 9900)", i -> base.withAction("post.report")
                .where(PayloadCondition.gt(gid, json(String.valueOf(9890 + i % 20)))));
        c.put("app (tanken: every entry)", i -> base.withApp("tanken"));
        c.put("app + action (tanken, post.report)", i -> base.withApp("tanken").withAction("post.report"));
        // Rare fields: flag exists in post.report entries only (3%); a range on it matches ~0.003%.
        c.put("payload GT, rare (flag.gid > 9990, 0.003%)",
                i -> base.where(PayloadCondition.gt(gid, json(String.valueOf(9985 + i % 10)))));
        c.put("payload LT, rare (flag.gid < 10, 0.003%)",
                i -> base.where(PayloadCondition.lt(gid, json(String.valueOf(5 + i % 10)))));
        c.put("payload NE, rare field (flag.gid != N, 3%)",
                i -> base.where(PayloadCondition.ne(gid, json(String.valueOf(i % ActivityGenerator.FLAG_GIDS)))));
        c.put("payload EXISTS, rare field (flag.gid, 3%)", i -> base.where(PayloadCondition.exists(gid)));
        c.put("payload EXISTS, absent field (refund.reason, 0 rows)",
                i -> base.where(PayloadCondition.exists(List.of("refund", "reason"))));
        c.put("payload GT, rare, unindexed (length > 497..499, ≤ 0.09%): refused",
                i -> base.where(PayloadCondition.gt(length, json(String.valueOf(497 + i % 3)))));
        c.put("actor + payload EQ (app = web)", i -> base.withActor(ActivityGenerator.actor(i * 104_723 % USERS))
                .where(PayloadCondition.eq(app, json("\"web\""))));
        return c;
    }

    /** @param only measures the kinds whose name contains this text (all: "") */
    static void search(String url, int runs, String only) {
        try (DatabaseService db = DatabaseServices.open(url)) {
            ActivityLog log = db.activityLog();
            System.out.printf("%,d entries; %d measured runs per kind after %d warm-up runs%n%n", log.count(), runs,
                    WARM_UP);
            Map<String, IntFunction<ActivityQuery>> cases = cases();
            cases.put("newest, page 2 (keyset cursor)", pageTwo(log));
            cases.keySet().removeIf(name -> !name.contains(only));
            // One unmeasured pass over every kind first: the JVM's JIT and the caches warm up once,
            // instead of inflating whichever kind happens to be measured first.
            for (IntFunction<ActivityQuery> make : cases.values()) {
                for (int i = 0; i < WARM_UP; i++) {
                    searchOrRefusal(log, make.apply(runs + WARM_UP + i));
                }
            }
            System.out.println("indexed payload paths: " + (log instanceof PostgresActivityLog pg ? pg.indexedPaths()
                    : List.of()));
            System.out.println("| filter kind | p50 ms | p99 ms | max ms | rows/page | refused |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (Map.Entry<String, IntFunction<ActivityQuery>> c : cases.entrySet()) {
                measure(log, c.getKey(), c.getValue(), runs);
            }
        }
    }

    /** Second pages of "newest for actor i": the cursor comes from an unmeasured first page. */
    private static IntFunction<ActivityQuery> pageTwo(ActivityLog log) {
        return i -> {
            ActivityQuery q = ActivityQuery.newestFirst(50).withActor(ActivityGenerator.actor(i * 31 % USERS));
            Page<ActivityEntry> first = log.search(q);
            return first.nextCursor() == null ? q : q.after(first.nextCursor());
        };
    }

    private static void measure(ActivityLog log, String name, IntFunction<ActivityQuery> make, int runs) {
        for (int i = 0; i < WARM_UP; i++) {
            searchOrRefusal(log, make.apply(runs + i));
        }
        long[] nanos = new long[runs];
        long rows = 0;
        int refused = 0;
        for (int i = 0; i < runs; i++) {
            ActivityQuery q = make.apply(i);
            long t0 = System.nanoTime();
            Page<ActivityEntry> page = searchOrRefusal(log, q);
            nanos[i] = System.nanoTime() - t0;
            if (page == null) {
                refused++;
            } else {
                rows += page.items().size();
            }
        }
        Arrays.sort(nanos);
        System.out.printf("| %s | %.1f | %.1f | %.1f | %.0f | %d |%n", name, ms(percentile(nanos, 50)),
                ms(percentile(nanos, 99)), ms(nanos[runs - 1]), (double) rows / Math.max(1, runs - refused), refused);
    }

    /** The page, or null when the log refused the search as too costly (an unindexed rare condition). */
    private static Page<ActivityEntry> searchOrRefusal(ActivityLog log, ActivityQuery q) {
        try {
            return log.search(q);
        } catch (InvalidInputException e) {
            if (!e.getMessage().contains("narrow the time range")) {
                throw e;
            }
            return null;
        }
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
