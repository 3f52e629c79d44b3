import java.sql.*;
import java.nio.file.*;
import java.util.*;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL backend CPU (utime+stime of the one backend, /proc) per row of the ingest statement and
 * its variants, and of the chain sealer's statements; see docs/benchmarks.md, branch ingestpg.
 * Needs the schema tanken_ingest_pg made by an IngestBench run (it truncates the log there).
 *
 * <pre>
 * javac -cp tanken-bench.jar -d /tmp/probe PgProbe.java
 * java -cp tanken-bench.jar:/tmp/probe [-Dbatches=100] [-Drounds=1] [-Dtrigger=true] [-Drange=true]
 *      [-Dinterleave=true] [-Dbatchq=true] PgProbe unnest|copy|logonly|logconf|keysonly ...
 * </pre>
 * unnest: the ingest statement (PostgresActivitySql.INGEST); copy: text COPY into a temporary staging
 * table, then the same statement from it; logonly/logconf/keysonly: parts of it. -Dtrigger: the chain
 * trigger on, and the queue sealed after the batches (a backlog) with the take statement before
 * (default) or after (-Drange) this branch; -Dinterleave: one seal pass after every batch instead
 * (the steady state); -Dbatchq: take from the batch queue of batchq.sql. Ids are random UUIDs
 * (v4), so the primary key costs more here than with the worker's UUIDv7.
 */
public class PgProbe {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=tanken_ingest_pg";
    static final String INGEST = """
            WITH u AS (
                SELECT u.id, 'epoch'::timestamptz + u.us * interval '1 microsecond' AS at, u.actor, u.action, u.stype,
                       u.sid, u.payload, u.app, u.source_id
                FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[])
                     AS u (id, us, actor, action, stype, sid, payload, app, source_id)),
            k AS (
                INSERT INTO activity_keys (app, source_id, occurred_at, id)
                SELECT app, source_id, at, id FROM u WHERE source_id IS NOT NULL
                ON CONFLICT DO NOTHING
                RETURNING app, source_id)
            INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload, app,
                                      source_id)
            SELECT u.id, u.at, u.actor, u.action, u.stype, u.sid, u.payload::jsonb, u.app, u.source_id
            FROM u
            WHERE u.source_id IS NULL OR EXISTS (SELECT 1 FROM k WHERE k.app = u.app AND k.source_id = u.source_id)
            ON CONFLICT DO NOTHING
            RETURNING app, source_id, id""";
    static final String STAGE = "CREATE TEMP TABLE IF NOT EXISTS activity_ingest_stage (id uuid, occurred_at timestamptz, actor text,"
            + " action text, subject_type text, subject_id text, payload text, app text, source_id text) ON COMMIT DELETE ROWS";
    static final String FROM_STAGE = """
            WITH k AS (
                INSERT INTO activity_keys (app, source_id, occurred_at, id)
                SELECT app, source_id, occurred_at, id FROM activity_ingest_stage WHERE source_id IS NOT NULL
                ON CONFLICT DO NOTHING
                RETURNING app, source_id)
            INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload, app, source_id)
            SELECT u.id, u.occurred_at, u.actor, u.action, u.subject_type, u.subject_id, u.payload::jsonb, u.app, u.source_id
            FROM activity_ingest_stage u
            WHERE u.source_id IS NULL OR EXISTS (SELECT 1 FROM k WHERE k.app = u.app AND k.source_id = u.source_id)
            ON CONFLICT DO NOTHING
            RETURNING app, source_id, id""";

    static int pid;
    static double cpu() throws Exception {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static long counter = 0;
    static final SplittableRandom R = new SplittableRandom(42);
    static String[][] batch(int n) {
        String[][] b = new String[n][9];
        long base = System.currentTimeMillis() * 1000 - 3_600_000_000L;
        for (int i = 0; i < n; i++) {
            long c = counter++;
            b[i][0] = UUID.randomUUID().toString();
            b[i][1] = Long.toString(base + c * 1000);
            b[i][2] = "customer-" + R.nextInt(100_000);
            b[i][3] = "order.paid";
            b[i][4] = "order";
            b[i][5] = "o-" + R.nextInt(1_000_000);
            b[i][6] = "{\"flag\": {\"gid\": " + R.nextInt(1000) + "}, \"items\": [{\"qty\": 2, \"sku\": \"sku-" + R.nextInt(5000)
                    + "\"}], \"amount\": 12.5, \"currency\": \"EUR\", \"customer\": {\"id\": \"c-" + R.nextInt(100000) + "\", \"tier\": \"gold\"}}";
            b[i][7] = "shop";
            b[i][8] = "order-" + System.nanoTime() + "-" + c;
        }
        return b;
    }

    static String sql = INGEST;
    static final String LOGONLY = """
            INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload, app, source_id)
            SELECT u.id, 'epoch'::timestamptz + u.us * interval '1 microsecond', u.actor, u.action, u.stype, u.sid, u.payload::jsonb, u.app, u.source_id
            FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 AS u (id, us, actor, action, stype, sid, payload, app, source_id) """;
    static final String KEYSONLY = """
            INSERT INTO activity_keys (app, source_id, occurred_at, id)
            SELECT u.app, u.source_id, 'epoch'::timestamptz + u.us * interval '1 microsecond', u.id
            FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 AS u (id, us, actor, action, stype, sid, payload, app, source_id) ON CONFLICT DO NOTHING""";
    static int unnest(Connection c, String[][] b) throws SQLException {
        int n = b.length;
        UUID[] ids = new UUID[n]; Long[] us = new Long[n]; String[][] t = new String[7][n];
        for (int i = 0; i < n; i++) { ids[i] = UUID.fromString(b[i][0]); us[i] = Long.parseLong(b[i][1]); for (int k = 0; k < 7; k++) t[k][i] = b[i][2 + k]; }
        int got = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("uuid", ids)); ps.setArray(2, c.createArrayOf("bigint", us));
            for (int k = 0; k < 7; k++) ps.setArray(3 + k, c.createArrayOf("text", t[k]));
            if (sql == INGEST) { try (ResultSet rs = ps.executeQuery()) { while (rs.next()) got++; } } else got = ps.executeUpdate();
        }
        return got;
    }

    static int copy(Connection c, String[][] b) throws Exception {
        try (Statement s = c.createStatement()) { s.execute(STAGE); }
        StringBuilder sb = new StringBuilder(b.length * 300);
        for (String[] r : b) {
            sb.append(r[0]).append('\t');
            sb.append(java.time.Instant.EPOCH.plusNanos(Long.parseLong(r[1]) * 1000)).append('\t');
            for (int k = 2; k < 9; k++) { esc(sb, r[k]); sb.append(k == 8 ? '\n' : '\t'); }
        }
        byte[] bytes = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY activity_ingest_stage FROM STDIN");
        in.writeToCopy(bytes, 0, bytes.length); in.endCopy();
        int got = 0;
        try (PreparedStatement ps = c.prepareStatement(FROM_STAGE); ResultSet rs = ps.executeQuery()) { while (rs.next()) got++; }
        return got;
    }
    static void esc(StringBuilder sb, String v) {
        if (v == null) { sb.append("\\N"); return; }
        for (int i = 0; i < v.length(); i++) { char ch = v.charAt(i);
            switch (ch) { case '\\' -> sb.append("\\\\"); case '\t' -> sb.append("\\t"); case '\n' -> sb.append("\\n"); case '\r' -> sb.append("\\r"); default -> sb.append(ch); } }
    }

    public static void main(String[] a) throws Exception {
        int batches = Integer.getInteger("batches", 50);
        boolean trigger = Boolean.getBoolean("trigger");
        try (Connection c = DriverManager.getConnection(URL)) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) { rs.next(); pid = rs.getInt(1); }
            System.out.println("PID " + pid); Files.writeString(Path.of("/tmp/ingestpg/pid"), "" + pid); Thread.sleep(Integer.getInteger("pause", 0));
            c.setAutoCommit(false);
            for (int round = 0; round < Integer.getInteger("rounds", 3); round++) {
                for (String v : a) {
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        s.execute("TRUNCATE activity_log, activity_keys, activity_unsealed, activity_chain");
                        s.execute("ALTER TABLE activity_log " + (trigger ? "ENABLE" : "DISABLE") + " TRIGGER activity_log_unsealed");
                        s.execute("CHECKPOINT");
                        s.execute("VACUUM ANALYZE activity_log"); 
                    }
                    c.setAutoCommit(false);
                    // warm
                    for (int i = 0; i < 3; i++) { run(c, v, batch(1000)); c.commit(); }
                    List<String[][]> bs = new ArrayList<>();
                    for (int i = 0; i < batches; i++) bs.add(batch(1000));
                    double before = cpu(); long t0 = System.nanoTime(); int got = 0;
                    double sealCpu = 0; int sealed = 0;
                    for (String[][] b : bs) { got += run(c, v, b); c.commit();
                        if (Boolean.getBoolean("interleave")) { double s0 = cpu(); sealed += sealPass(c); sealCpu += cpu() - s0; } }
                    if (Boolean.getBoolean("interleave")) { before += sealCpu; System.out.printf("  interleaved seal passes: %d entries, backend CPU %.2f s = %.1f us/entry%n", sealed, sealCpu, sealCpu * 1e6 / Math.max(1, sealed)); }
                    double used = cpu() - before;
                    if (trigger) seal(c, got);
                    System.out.printf("%-8s trigger=%s rows=%d  backend CPU %.2f s = %.1f us/row  wall %.1f s%n", v, trigger, got, used, used * 1e6 / got, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }
    static final String TAKE = """
            DELETE FROM activity_unsealed WHERE n IN (SELECT n FROM activity_unsealed ORDER BY n LIMIT ?)
            RETURNING n, id::text, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload::text""";
    static final String LINKS = """
            INSERT INTO activity_chain (app, seq, entry_id, occurred_at, hash, sealed_at)
            SELECT u.app, u.seq, u.entry_id::uuid, 'epoch'::timestamptz + u.us * interval '1 microsecond', u.hash,
                   u.sealed_at
            FROM unnest(?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::bigint[])
                 AS u (app, seq, entry_id, us, hash, sealed_at)""";
    static final String TAKEB = """
            WITH b AS (DELETE FROM activity_unsealed_batches WHERE n IN (SELECT n FROM activity_unsealed_batches ORDER BY n LIMIT ?)
                       RETURNING *)
            SELECT b.n, u.id::text, u.at, u.app, u.actor, u.action, u.stype, u.sid, u.source_id, u.payload::text
            FROM b, unnest(b.ids, b.times, b.apps, b.actors, b.actions, b.subject_types, b.subject_ids, b.source_ids, b.payloads)
                 WITH ORDINALITY AS u (id, at, app, actor, action, stype, sid, source_id, payload, i)""";
    static final String TAKER = """
            WITH f AS MATERIALIZED (SELECT n FROM activity_unsealed ORDER BY n LIMIT ?)
            DELETE FROM activity_unsealed
            WHERE n >= (SELECT min(n) FROM f) AND n <= (SELECT max(n) FROM f)
            RETURNING n, id::text, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload::text""";
    static long seq = 0;
    static int sealPass(Connection c) throws Exception {
        int total = 0;
        while (true) {
            List<String[]> got = new ArrayList<>();
            try (Statement s = c.createStatement()) { s.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.activity_chain'))"); }
            try (PreparedStatement ps = c.prepareStatement(Boolean.getBoolean("range") ? TAKER : TAKE)) { ps.setInt(1, 5000);
                try (ResultSet rs = ps.executeQuery()) { while (rs.next()) { String[] r = new String[10]; for (int i = 0; i < 10; i++) r[i] = rs.getString(i + 1); got.add(r); } } }
            if (got.isEmpty()) { c.commit(); return total; }
            int n = got.size(); String[] apps = new String[n]; Long[] seqs = new Long[n]; String[] ids = new String[n]; Long[] us = new Long[n]; String[] h = new String[n]; Long[] sa = new Long[n];
            for (int i = 0; i < n; i++) { apps[i] = got.get(i)[3]; seqs[i] = ++seq; ids[i] = got.get(i)[1]; us[i] = 1700000000000000L + i; h[i] = String.format("%064x", seq); sa[i] = 1L; }
            try (PreparedStatement ps = c.prepareStatement(LINKS)) {
                ps.setArray(1, c.createArrayOf("text", apps)); ps.setArray(2, c.createArrayOf("bigint", seqs)); ps.setArray(3, c.createArrayOf("text", ids));
                ps.setArray(4, c.createArrayOf("bigint", us)); ps.setArray(5, c.createArrayOf("text", h)); ps.setArray(6, c.createArrayOf("bigint", sa)); ps.executeUpdate(); }
            c.commit(); total += n;
            if (n < 5000) return total;
        }
    }

    static void seal(Connection c, int rows) throws Exception {
        double before = cpu(); double take = 0; int total = 0;
        while (true) {
            double t0 = cpu();
            List<String[]> got = new ArrayList<>();
            try (Statement s = c.createStatement()) { s.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.activity_chain'))"); }
            try (PreparedStatement ps = c.prepareStatement(Boolean.getBoolean("batchq") ? TAKEB : Boolean.getBoolean("range") ? TAKER : TAKE)) { ps.setInt(1, Boolean.getBoolean("batchq") ? 5 : 5000);
                try (ResultSet rs = ps.executeQuery()) { while (rs.next()) { String[] r = new String[10]; for (int i = 0; i < 10; i++) r[i] = rs.getString(i + 1); got.add(r); } } }
            take += cpu() - t0;
            if (got.isEmpty()) { c.commit(); break; }
            int n = got.size(); String[] apps = new String[n]; Long[] seqs = new Long[n]; String[] ids = new String[n]; Long[] us = new Long[n]; String[] h = new String[n]; Long[] sa = new Long[n];
            for (int i = 0; i < n; i++) { apps[i] = got.get(i)[3]; seqs[i] = ++seq; ids[i] = got.get(i)[1]; us[i] = 1700000000000000L + i; h[i] = String.format("%064x", seq); sa[i] = 1L; }
            try (PreparedStatement ps = c.prepareStatement(LINKS)) {
                ps.setArray(1, c.createArrayOf("text", apps)); ps.setArray(2, c.createArrayOf("bigint", seqs)); ps.setArray(3, c.createArrayOf("text", ids));
                ps.setArray(4, c.createArrayOf("bigint", us)); ps.setArray(5, c.createArrayOf("text", h)); ps.setArray(6, c.createArrayOf("bigint", sa)); ps.executeUpdate(); }
            c.commit(); total += n;
        }
        double used = cpu() - before;
        System.out.printf("  seal %d: backend CPU %.2f s = %.1f us/entry (take %.1f us/entry)%n", total, used, used * 1e6 / total, take * 1e6 / total);
    }

    static int run(Connection c, String v, String[][] b) throws Exception {
        c.setAutoCommit(false);
        return switch (v) { case "unnest" -> { sql = INGEST; yield unnest(c, b); }
            case "logonly" -> { sql = LOGONLY; yield unnest(c, b); }
            case "logconf" -> { sql = LOGONLY + " ON CONFLICT DO NOTHING"; yield unnest(c, b); }
            case "keysonly" -> { sql = KEYSONLY; yield unnest(c, b); } case "copy" -> copy(c, b); default -> throw new IllegalArgumentException(v); };
    }
}
