package dev.tanken.cli.internal.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.TextTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** A cache experiment's results as a table for people, CSV for spreadsheets and JSON for programs. */
public record CacheReport(CacheWorkload workload, List<CacheRunResult> results, double idealHitRatioShare)
        implements Json.Writable {

    static final String CSV_HEADER = "policy,admission,capacity,capacity_share,operations,reads,writes,post_reads,"
            + "hits,misses,hit_ratio,db_round_trips,db_round_trips_per_1000_ops,evictions,p50_ms,p99_ms,p999_ms,"
            + "max_ms,ops_per_second,write_back_lag_ms,drain_ms,optimum_db_round_trips_per_1000_ops,"
            + "trace_optimum_db_round_trips_per_1000_ops";

    public void printTable(PrintWriter out) {
        TextTable table = new TextTable("POLICY", "ADMISSION", ">CAPACITY", ">HIT RATIO", ">DB TRIPS/1000 OPS",
                ">OPTIMUM", ">TRACE OPTIMUM", ">P50 MS", ">P99 MS", ">P99.9 MS", ">OPS/S", ">WB LAG MS");
        for (CacheRunResult r : results) {
            double optimum = optimumRoundTripsPer1000Ops(r);
            table.add(r.policy(), r.admission(), r.capacity() + " (" + pct(r.capacityShare()) + ")",
                    f("%.3f", r.hitRatio()), f("%.1f", r.roundTripsPer1000Ops()),
                    Double.isNaN(optimum) ? "-" : f("%.1f", optimum),
                    r.traceOptimumTrips() < 0 ? "-" : f("%.1f", traceOptimumPer1000Ops(r)), f("%.3f", r.p50Millis()),
                    f("%.3f", r.p99Millis()), f("%.3f", r.p999Millis()), f("%.0f", r.opsPerSecond()),
                    r.policy().equals("write-back") ? Long.toString(r.writeBackLagMillis()) : "-");
        }
        table.print(out);
        out.flush();
    }

    public String csv() {
        StringBuilder s = new StringBuilder(CSV_HEADER).append('\n');
        for (CacheRunResult r : results) {
            s.append(String.join(",", r.policy(), r.admission(), Integer.toString(r.capacity()),
                    f("%.4f", r.capacityShare()), Long.toString(r.operations()), Long.toString(r.reads()),
                    Long.toString(r.writes()), Long.toString(r.postReads()), Long.toString(r.hits()),
                    Long.toString(r.misses()), f("%.5f", r.hitRatio()), Long.toString(r.databaseRoundTrips()),
                    f("%.2f", r.roundTripsPer1000Ops()), Long.toString(r.evictions()), f("%.4f", r.p50Millis()),
                    f("%.4f", r.p99Millis()), f("%.4f", r.p999Millis()), f("%.4f", r.maxMillis()),
                    f("%.1f", r.opsPerSecond()), Long.toString(r.writeBackLagMillis()),
                    Long.toString(r.drainMillis()), Double.isNaN(optimumRoundTripsPer1000Ops(r)) ? ""
                            : f("%.2f", optimumRoundTripsPer1000Ops(r)),
                    r.traceOptimumTrips() < 0 ? "" : f("%.2f", traceOptimumPer1000Ops(r)))).append('\n');
        }
        return s.toString();
    }

    @Override
    public void writeTo(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("workload");
        json.writeNumberField("readRatio", workload.readRatio());
        json.writeNumberField("zipf", workload.zipf());
        json.writeNumberField("keys", workload.keys());
        json.writeNumberField("multiGet", workload.multiGet());
        json.writeNumberField("ttlMillis", workload.ttl().toMillis());
        json.writeNumberField("threads", workload.threads());
        json.writeNumberField("durationMillis", workload.operations() > 0 ? 0 : workload.duration().toMillis());
        json.writeNumberField("operations", workload.operations());
        json.writeNumberField("warmup", workload.warmup());
        json.writeNumberField("keySeed", workload.keySeed());
        json.writeEndObject();
        json.writeArrayFieldStart("results");
        for (CacheRunResult r : results) {
            json.writeStartObject();
            json.writeStringField("policy", r.policy());
            json.writeStringField("admission", r.admission());
            json.writeNumberField("capacity", r.capacity());
            json.writeNumberField("capacityShare", r.capacityShare());
            json.writeNumberField("idealHitRatio", idealHitRatio(r.capacity()));
            double optimum = optimumRoundTripsPer1000Ops(r);
            if (Double.isNaN(optimum)) {
                json.writeNullField("optimumRoundTripsPer1000Ops");
            } else {
                json.writeNumberField("optimumRoundTripsPer1000Ops", optimum);
            }
            if (r.traceOptimumTrips() < 0) {
                json.writeNullField("traceOptimumRoundTripsPer1000Ops");
            } else {
                json.writeNumberField("traceOptimumRoundTripsPer1000Ops", traceOptimumPer1000Ops(r));
            }
            json.writeNumberField("operations", r.operations());
            json.writeNumberField("reads", r.reads());
            json.writeNumberField("writes", r.writes());
            json.writeNumberField("postReads", r.postReads());
            json.writeNumberField("hits", r.hits());
            json.writeNumberField("misses", r.misses());
            json.writeNumberField("hitRatio", r.hitRatio());
            json.writeNumberField("databaseRoundTrips", r.databaseRoundTrips());
            json.writeNumberField("databaseRoundTripsPer1000Ops", r.roundTripsPer1000Ops());
            json.writeNumberField("evictions", r.evictions());
            json.writeNumberField("p50Millis", r.p50Millis());
            json.writeNumberField("p99Millis", r.p99Millis());
            json.writeNumberField("p999Millis", r.p999Millis());
            json.writeNumberField("maxMillis", r.maxMillis());
            json.writeNumberField("opsPerSecond", r.opsPerSecond());
            json.writeNumberField("writeBackLagMillis", r.writeBackLagMillis());
            json.writeNumberField("drainMillis", r.drainMillis());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Hit ratio of a perfect cache of {@code capacity} posts under single-post Zipf reads. */
    double idealHitRatio(int capacity) {
        return new ZipfSampler(workload.keys(), workload.zipf()).share(capacity);
    }

    /**
     * The database round trips per 1000 operations that reads would cost with the static optimum
     * cached (the {@code capacity} most popular posts, for this key count and skew): every read of
     * another post is one trip. Writes add their own trips on top, under any admission. Only defined
     * for single-post reads (NaN otherwise): the misses of a multi-post read share one query.
     */
    double optimumRoundTripsPer1000Ops(CacheRunResult r) {
        if (workload.multiGet() != 1 || r.operations() == 0) {
            return Double.NaN;
        }
        return 1000.0 * r.reads() / r.operations() * (1 - idealHitRatio(r.capacity()));
    }

    /**
     * The static optimum on this run's own reads: its posts' first reads in the run (compulsory
     * misses of a finite trace, which the expectation above does not count) are trips too.
     */
    static double traceOptimumPer1000Ops(CacheRunResult r) {
        return r.operations() == 0 ? 0 : 1000.0 * r.traceOptimumTrips() / r.operations();
    }

    private static String pct(double share) {
        return f("%.1f%%", share * 100);
    }

    private static String f(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
