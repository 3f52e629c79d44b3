package dev.tanken.server.internal.http;

import dev.tanken.Tanken;
import dev.tanken.cache.CacheStats;
import dev.tanken.cache.NearPostCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/** The server's Prometheus figures: calls by method and code with latency histograms, and the cache tier's. */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public ServerMetrics(Tanken tanken) {
        FunctionCounter.builder("tanken_database_retried_reads", tanken, t -> t.database().retriedReads())
                .description("reads whose database connection was cut mid-call and that succeeded when retried once")
                .register(registry);
        if (tanken.cacheStats().isEmpty()) {
            return;
        }
        cacheCounter("tanken_cache_hits", "post reads served by the cache", tanken, CacheStats::hits);
        cacheCounter("tanken_cache_misses", "post reads the cache could not serve", tanken, CacheStats::misses);
        cacheCounter("tanken_cache_database_round_trips", "calls that reached the database", tanken,
                CacheStats::databaseRoundTrips);
        cacheCounter("tanken_cache_errors", "cache calls that failed", tanken, CacheStats::cacheErrors);
        cacheCounter("tanken_cache_journaled_invalidations", "invalidations the cache could not take, stored in the"
                + " database", tanken, CacheStats::journaledInvalidations);
        cacheCounter("tanken_cache_replayed_invalidations", "journaled invalidations delivered once the cache was back",
                tanken, CacheStats::replayedInvalidations);
        if (tanken.cache().flatMap(c -> c.nearCacheStats()).isPresent()) {
            nearCounter("tanken_near_cache_hits", "post reads the near cache answered in process", tanken,
                    NearPostCache.Stats::hits);
            nearCounter("tanken_near_cache_misses", "post reads the near cache passed to Redis", tanken,
                    NearPostCache.Stats::misses);
            nearCounter("tanken_near_cache_invalidations", "posts and cells dropped from the near cache because they"
                    + " changed", tanken, NearPostCache.Stats::invalidations);
            nearCounter("tanken_near_cache_evictions", "posts and nearby answers the near cache's bound evicted",
                    tanken, NearPostCache.Stats::evictions);
            nearCounter("tanken_near_cache_off_periods", "times the invalidation feed dropped and the near cache was"
                    + " emptied and bypassed", tanken, NearPostCache.Stats::disconnections);
            Gauge.builder("tanken_near_cache_size", tanken, t -> nearStats(t).size())
                    .description("posts the near cache holds").register(registry);
            Gauge.builder("tanken_near_cache_online", tanken, t -> nearStats(t).online() ? 1 : 0)
                    .description("1 while the invalidation feed is connected and the near cache serves")
                    .register(registry);
        }
        Gauge.builder("tanken_write_back_queue_length", tanken, t -> stats(t).writeBackQueueLength())
                .description("write-back entries not yet applied to the database (cluster-wide)")
                .register(registry);
        Gauge.builder("tanken_write_back_lag_seconds", tanken, t -> {
            Duration lag = stats(t).flushLag();
            return lag == null ? 0 : lag.toMillis() / 1000.0;
        }).description("age of the oldest write-back entry not yet applied").register(registry);
    }

    private static CacheStats stats(Tanken tanken) {
        return tanken.cacheStats().orElseThrow();
    }

    private static NearPostCache.Stats nearStats(Tanken tanken) {
        return tanken.cache().flatMap(c -> c.nearCacheStats()).orElseThrow();
    }

    private void nearCounter(String name, String description, Tanken tanken,
            ToDoubleFunction<NearPostCache.Stats> figure) {
        FunctionCounter.builder(name, tanken, t -> figure.applyAsDouble(nearStats(t))).description(description)
                .register(registry);
    }

    private void cacheCounter(String name, String description, Tanken tanken, ToDoubleFunction<CacheStats> figure) {
        FunctionCounter.builder(name, tanken, t -> figure.applyAsDouble(stats(t))).description(description)
                .register(registry);
    }

    /**
     * The histogram's bucket bounds, from a quarter of a millisecond (a cached read) to ten seconds (a
     * large upload). Micrometer's percentile histogram would publish about 70 buckets for every
     * (method, code) pair, which made a scrape weigh hundreds of kilobytes after a few calls.
     */
    static final Duration[] RPC_BUCKETS = Stream.of(0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0,
            1000.0, 2500.0, 5000.0, 10000.0).map(ms -> Duration.ofNanos(Math.round(ms * 1e6))).toArray(Duration[]::new);

    public void recordCall(String rpc, String code, long nanos) {
        // Looked up once per (method, code): building a meter id on every call costs more than timing it.
        timers.computeIfAbsent(rpc + ' ' + code, k -> Timer.builder("tanken_rpc")
                .description("Connect calls by method and code")
                .tags("method", rpc, "code", code)
                .serviceLevelObjectives(RPC_BUCKETS)
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void recordPicture(int status) {
        Counter.builder("tanken_picture_requests").description("GET /pictures/ requests by HTTP status")
                .tag("status", Integer.toString(status)).register(registry)
                .increment();
    }

    public String scrape() {
        return registry.scrape();
    }
}
