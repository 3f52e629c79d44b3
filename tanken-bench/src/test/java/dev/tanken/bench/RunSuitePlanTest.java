package dev.tanken.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The suite script's plan ({@code DRY_RUN=1}): it refuses to start a full run whose estimated steps
 * exceed its 30-minute budget, so a step added without shortening others would make every full run
 * fail at its first line. Runs nothing but the script's arithmetic.
 */
class RunSuitePlanTest {
    @ParameterizedTest
    @ValueSource(strings = {"0", "1"})
    void everyStepIsPlannedWithinTheBudget(String quick) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("run-suite.sh").toAbsolutePath().toString())
                .redirectErrorStream(true);
        pb.environment().put("DRY_RUN", "1");
        pb.environment().put("QUICK", quick);
        pb.environment().remove("ONLY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("TOTAL").doesNotContain("ERROR");
        for (String step : new String[] {"nearby-sample", "nearby-thrpt", "reads-cached-cold-sample", "writes-like",
            "bench-cache-single", "pg-nearby-query", "near-coherence-redis", "near-coherence-cluster", "report"}) {
            assertThat(out).as(out).containsPattern("(?m)^" + step + " ");
        }
    }
}
