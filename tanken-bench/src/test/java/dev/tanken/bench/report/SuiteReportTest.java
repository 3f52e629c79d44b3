package dev.tanken.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReportTest {
    @Test
    void writesTheReportWithGoalsTablesStepsAndCharts(@TempDir Path tmp) throws IOException {
        Path dir = Fixtures.copy("missed", tmp.resolve("out"));
        Path report = SuiteReport.write(dir);
        String md = Files.readString(report);

        assertThat(md).contains("| a | Nearby: cached path p50 (dense, 1,000,000 posts) | 0.325 ms | ≤ 0.250 ms |"
                + " **missed by 1.3×** |");
        assertThat(md).contains("| d | EXIF: a cold JVM (ExifCold) vs one exiftool process, whole set, process wall time"
                + " | 0.469× (Tanken 478 ms, exiftool 224 ms) | ≥ 3× | **missed by 6.4×** |");
        assertThat(md).contains("10 met, 12 missed, 1 not measured.");
        // One table per benchmark with its parameters as columns; sample mode adds percentiles.
        assertThat(md).contains("## NearbyBenchmark.nearby20 (JMH)");
        assertThat(md).contains("| area | backend | posts | radiusMeters | mode | score | ± error | p50 | p90 | p99 |"
                + " unit | run |");
        assertThat(md).contains("| dense | cached | 1000000 | 1000 | sample | 0.373 | 0.0100 | 0.325 | 0.410 | 0.900 |"
                + " ms/op | nearby |");
        assertThat(md).contains("| create | write-back | thrpt | 4,000 | 500 | ops/s | writes-create | 55,368 writes,"
                + " 168 DB round trips (329.57 per trip); backlog 21,280, drained in 8.3 s |");
        assertThat(md).contains("| tanken ExifCold (cold JVM, 28 files) | 478 | 106 | 470 | 400 | 700 | 10 | exif-cold |");
        assertThat(md).contains("| write-around | lru | 100,000 (10%) | 0.780 | 0.840 | 220 | 220 |");
        assertThat(md).contains("| write-around | lru | 100,000 (10%) | 0.765 | 0.840 | 49.7 | 994 |");
        assertThat(md).contains("| nearby | 5 min 01 s | 1.20, 1.10, 1.00 | 2.10, 1.50, 1.20 |");
        assertThat(md).contains("Total 6 min 36 s, plus 5 min 15 s of seeding.");
        assertThat(md).contains("![NearbyBenchmark.nearby20](nearby-p50.png)");
        assertThat(md).contains("![WritePolicyBenchmark.write](writes-throughput.png)");
        assertThat(md).contains("| nearby dense, mercator-ids (the query alone: KNN and exact page, 21 rows of post id"
                + " and distance) | 0.450 | 2,222 | 20,000 | pgbench-mercator-ids-dense |");
        assertThat(md).contains("| redis-cluster | 1,000,000 | 111 | 999,543 | 18 | 33.2 | 10.0 | 11 | 31 → 34 |"
                + " coherence-cluster |");
        assertThat(md).doesNotContain("QUICK mode");
        for (String png : new String[] {"nearby-p50.png", "writes-throughput.png"}) {
            byte[] bytes = Files.readAllBytes(dir.resolve(png));
            assertThat(bytes.length).as(png).isGreaterThan(1000);
            assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    @Test
    void anEmptyRunStillGivesEveryGoalAndNoCharts(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("environment.txt"), "mode: quick\n");
        String md = Files.readString(SuiteReport.write(dir));
        assertThat(md).contains("QUICK mode").contains("0 met, 0 missed, 20 not measured.");
        assertThat(dir.resolve("nearby-p50.png")).doesNotExist();
    }
}
