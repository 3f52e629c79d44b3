package dev.tanken.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultReaderTest {
    private final SuiteResults results = ResultReader.read(Fixtures.dir("missed"));

    @Test
    void readsEachKindOfResultFile() {
        assertThat(results.jmh()).hasSize(9 + 3 + 2 + 3 + 3);
        assertThat(results.hyperfine()).extracting(HyperfineRow::command)
                .containsExactly("tanken ExifCold (cold JVM, 28 files)", "exiftool -n -json (one process, 28 files)");
        assertThat(results.cache()).hasSize(3);
        assertThat(results.coherence()).extracting(CoherenceRow::topology).containsExactly("redis-cluster", "redis");
        assertThat(results.coherence().get(0).beyondBound()).isEqualTo(11);
        assertThat(results.pgbench()).extracting(PgbenchRow::query)
                .containsExactlyInAnyOrder("mercator-ids", "mercator", "cube-ids");
        assertThat(results.pgbench()).filteredOn(r -> r.query().equals("mercator-ids")).singleElement().satisfies(r -> {
            assertThat(r.area()).isEqualTo("dense");
            assertThat(r.latencyAverageMillis()).isEqualTo(0.45);
        });
        assertThat(results.ignored()).isEmpty();
        assertThat(results.quick()).isFalse();
    }

    @Test
    void keepsParametersInJmhsOrderAndPercentilesOnlyInSampleMode() {
        JmhRow cached = results.jmh("NearbyBenchmark.nearby20").get(1);
        assertThat(cached.params().keySet()).containsExactly("area", "backend", "posts", "radiusMeters");
        assertThat(cached.run()).isEqualTo("nearby");
        assertThat(cached.p50Millis()).isEqualTo(0.325);
        assertThat(cached.p99()).isEqualTo(0.9);
        JmhRow thrpt = results.jmh("NearbyBenchmark.nearby20").get(5);
        assertThat(thrpt.mode()).isEqualTo("thrpt");
        assertThat(thrpt.error()).isNaN(); // JMH writes "NaN" as a string
        assertThat(thrpt.p50()).isNaN();
        assertThat(thrpt.opsPerSecond()).isEqualTo(500);
    }

    @Test
    void ordersRunsAsTheScriptRanThem() {
        assertThat(results.jmh().get(0).run()).isEqualTo("nearby");
        assertThat(results.jmh().get(9).run()).isEqualTo("writes-create");
        assertThat(results.steps()).extracting(Step::name).containsExactly("nearby", "writes-create", "seeding-sqlite");
        assertThat(results.steps().get(0).loadAfter()).isEqualTo("2.10, 1.50, 1.20");
    }

    @Test
    void findsWhatTrialsPrintedUnderTheirParameters() {
        assertThat(results.notes()).hasSize(2);
        TrialNote back = results.notes().get(0);
        assertThat(back.benchmark()).isEqualTo("WritePolicyBenchmark.write");
        assertThat(back.mode()).isEqualTo("thrpt");
        assertThat(back.params()).isEqualTo(Map.of("policy", "write-back", "op", "create"));
        assertThat(back.text()).isEqualTo("55,368 writes, 168 DB round trips (329.57 per trip); backlog 21,280,"
                + " drained in 8.3 s");
        assertThat(results.notes().get(1).text()).isEqualTo("hit ratio 0.250 (10 hits, 30 misses)");
    }

    @Test
    void aNearbyTrialsStatsCountSearchesNotReads() {
        List<TrialNote> notes = LogNotes.parse("nearby", List.of("# Benchmark mode: Sampling time",
                "# Benchmark: dev.tanken.bench.NearbyBenchmark.nearby20",
                "# Parameters: (backend = cached, posts = 1000000, area = dense, radiusMeters = 1000)",
                "cache stats: CacheStats[hits=400, misses=0, databaseRoundTrips=0, cacheErrors=0, nearbyFromCache=20,"
                        + " nearbyFromDatabase=0, writeBackQueueLength=0, flushLag=PT0S, flushedEntries=0,"
                        + " deadLetters=0]"));
        assertThat(notes).singleElement().satisfies(n -> {
            assertThat(n.mode()).isEqualTo("sample");
            assertThat(n.params()).containsEntry("radiusMeters", "1000");
            assertThat(n.text()).isEqualTo("nearby from cache 20, from DB 0");
        });
    }

    @Test
    void listsJsonItDoesNotKnowAndRejectsABrokenFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.json"), "{\"hello\": 1}");
        assertThat(ResultReader.read(dir).ignored()).containsExactly("other.json");
        Files.writeString(dir.resolve("broken.json"), "[{\"benchmark\":");
        assertThatThrownBy(() -> ResultReader.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.json");
    }

    @Test
    void aQuickRunSaysSoInItsEnvironment(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("environment.txt"), "mode: quick\n");
        assertThat(ResultReader.read(dir).quick()).isTrue();
    }

    @Test
    void aMalformedStepLineNamesTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("steps.tsv"), "nearby only\n");
        assertThatThrownBy(() -> ResultReader.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps.tsv");
    }
}
